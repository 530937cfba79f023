using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>
/// Reads what an active adversary acts on — a named message, or for protocol traffic the n-th delivery of a kind
/// (<see cref="ProtocolPick"/>) — and the <c>rewrite</c> step's field settings, each path and value checked against the
/// wire's descriptors here, so that <c>check</c> rejects what <c>run</c> could not set.
/// </summary>
internal sealed class RewriteParser(NodeReader nodes, NameScope names, SelectorParser selectors)
{
    /// <summary>The largest n-th delivery a pick may name.</summary>
    public const int MaxNth = 100_000;

    /// <summary>The keys that name the observed message: a name, or a kind with an optional sender and ordinal.</summary>
    public static IReadOnlyList<string> PickKeys { get; } = ["message", "kind", "from", "nth"];

    /// <summary>The message an adversary step acts on: <c>message: NAME</c>, or <c>kind</c> (+ <c>from</c>, <c>nth</c>).</summary>
    public (string Message, ProtocolPick? Pick) Observed(Fields f, string what)
    {
        f.ExactlyOne("message", "kind", Invariant($"the message to {what} (message: NAME, or kind: KIND for protocol traffic)"));
        if (f.Get("message") is { } m)
        {
            foreach (string key in new[] { "from", "nth" })
            {
                if (f.Has(key))
                {
                    throw nodes.Error(ScenarioFormatException.ConflictingKeysCode, f.KeyNode(key), Invariant($"{key} only with kind (a named message is one message)"), Invariant($"{key} with message"));
                }
            }

            return (names.Message(m), null);
        }

        (_, _, string? kind) = selectors.SelectorFields(f, out string? from);
        int nth = f.Get("nth") is { } n ? (int)nodes.Integer(n, 1, MaxNth, Invariant($"which delivery of the kind, from 1 (1 to {MaxNth})")) : 1;
        return ("", new ProtocolPick(kind!, from, nth));
    }

    /// <summary>Reads a <c>rewrite</c> step.</summary>
    public RewriteStep Rewrite(YamlNode node)
    {
        var f = new Fields(nodes, node, "rewrite", [.. PickKeys, "to", "set", "reencrypt", "as"]);
        (string message, ProtocolPick? pick) = Observed(f, "rewrite");
        string to = names.Party(f.Require("to", "the device to deliver the rewritten copy to"), "the device to deliver the rewritten copy to");
        if (!f.Has("set") && !f.Has("reencrypt"))
        {
            throw nodes.Error(ScenarioFormatException.MissingKeyCode, node, "set: { PATH: VALUE, … }, reencrypt: { by, text }, or both", "neither");
        }

        List<FieldRewrite> read = [];
        if (f.Get("set") is { } setNode)
        {
            if (setNode is not YamlMappingNode { Children.Count: > 0 } sets)
            {
                throw nodes.Error(ScenarioFormatException.BadValueCode, setNode, "a mapping of field paths to values, e.g. { e2ee_msg.one2one_msg.sequence: 7 }", Describe(setNode));
            }

            foreach ((YamlNode k, YamlNode v) in sets.Children)
            {
                read.Add(Set(nodes.Key(k), v));
            }
        }

        Reencryption? reencrypt = f.Get("reencrypt") is { } r ? Reencrypt(r) : null;
        string? name = null;
        if (reencrypt is null && f.Has("as"))
        {
            throw nodes.Error(ScenarioFormatException.ConflictingKeysCode, f.KeyNode("as"), "as only with reencrypt (a re-encrypted copy is a new message)", "as without reencrypt");
        }

        if (reencrypt is not null)
        {
            name = names.Define(names.Messages, f.Require("as", "a name for the re-encrypted message, used by later steps"));
        }

        return new RewriteStep(message, to, read) { Pick = pick, Reencrypt = reencrypt, As = name };
    }

    private Reencryption Reencrypt(YamlNode node)
    {
        var f = new Fields(nodes, node, "reencrypt", ["by", "text", "size"]);
        YamlNode byNode = f.Require("by", "the adversary state whose keys re-encrypt (the 'as' of a compromise)");
        string by = nodes.Text(byNode, "the name of an adversary's state copy", out YamlScalarNode scalar);
        names.RequireDefined(names.Adversaries, scalar, by);
        f.ExactlyOne("text", "size", "the replacement: text: \"…\" or size: N filler bytes");
        string? text = f.Get("text") is { } t ? nodes.Text(t, "the replacement text", out _, allowEmpty: true) : null;
        int? size = f.Get("size") is { } s ? (int)nodes.Integer(s, 0, ScenarioLoader.MaxSendSize, Invariant($"a number of filler bytes (0 to {ScenarioLoader.MaxSendSize})")) : null;
        return new Reencryption(by, text, size);
    }

    private FieldRewrite Set(YamlScalarNode key, YamlNode value)
    {
        string path = key.Value ?? "";
        if (!WireField.TryParse(path, out WireField? field, out string? why))
        {
            throw nodes.Error(ScenarioFormatException.BadValueCode, key, "a field path of the ProtoMsg, e.g. e2ee_msg.one2one_msg.sequence (" + why + ")", Quote(path));
        }

        if (value is YamlMappingNode)
        {
            var f = new Fields(nodes, value, "a spliced value", ["from"]);
            return new FieldRewrite(path, null, From: names.Message(f.Require("from", "the message whose field is spliced in")));
        }

        if (value is not YamlScalarNode scalar || IsNull(scalar))
        {
            throw nodes.Error(ScenarioFormatException.BadValueCode, value, "a value, random, or { from: MESSAGE }", Describe(value));
        }

        string text = scalar.Value ?? "";
        if (text == WireValue.RandomWord && !IsQuoted(scalar))
        {
            return new FieldRewrite(path, null, Random: true);
        }

        if (!WireValue.TryConvert(field.Leaf, text, out _, out string? expected))
        {
            throw nodes.Error(ScenarioFormatException.BadValueCode, scalar, Invariant($"{expected} for {path}, random, or {{ from: MESSAGE }}"), Quote(text));
        }

        return new FieldRewrite(path, text);
    }
}
