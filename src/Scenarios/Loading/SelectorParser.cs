using E2eeConformance.Scenarios.Model;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>Reads which messages a network step acts on: <c>deliver</c> and the selectors of hold, release, drop, duplicate and delay.</summary>
internal sealed class SelectorParser
{
    private static readonly string[] SelectorKeys = ["message", "messages", "to", "from", "kind"];

    private readonly NodeReader _nodes;
    private readonly NameScope _names;

    public SelectorParser(NodeReader nodes, NameScope names)
    {
        _nodes = nodes;
        _names = names;
    }

    /// <summary>Reads <c>deliver</c>: all, or a selector with an optional order or shuffle.</summary>
    public DeliverStep Deliver(YamlNode node)
    {
        string[] keys = ["to", "from", "message", "messages", "kind", "order", "shuffle"];
        if (node is YamlScalarNode s && !IsQuoted(s) && s.Value == "all")
        {
            return new DeliverStep(MessageSelector.All, UntilQuiet: true, [], Shuffle: false);
        }

        var f = new Fields(_nodes, node, "deliver", keys, Invariant($"all or a mapping ({string.Join(", ", keys)}) for deliver"));
        f.Exclusive("message", "messages");
        f.Exclusive("message", "order");
        f.Exclusive("messages", "order");
        bool shuffle = f.Get("shuffle") is { } sh && _nodes.Bool(sh, "whether to shuffle the deliveries");
        if (shuffle)
        {
            f.Exclusive("order", "shuffle");
        }

        (IReadOnlyList<string> messages, string? to, string? kind) = SelectorFields(f, out string? from);
        IReadOnlyList<string> order = [];
        if (f.Get("order") is { } o)
        {
            order = [.. _nodes.Sequence(o, "a list of message names", allowEmpty: false).Children.Select(_names.Message)];
            messages = order;
        }

        return new DeliverStep(new MessageSelector(messages, to, kind, from), UntilQuiet: false, order, shuffle);
    }

    /// <summary>Reads the selector of hold, release, drop or duplicate: all, one message name, or a mapping.</summary>
    public MessageSelector Selector(YamlNode node, string keyword)
    {
        if (node is YamlScalarNode s && !IsNull(s))
        {
            return s.Value == "all" && !IsQuoted(s) ? MessageSelector.All : new MessageSelector([_names.Message(s)]);
        }

        var f = new Fields(_nodes, node, keyword, SelectorKeys, Invariant($"all, a message name or a mapping ({string.Join(", ", SelectorKeys)}) for {keyword}"));
        f.Exclusive("message", "messages");
        f.AtLeastOne(SelectorKeys, Invariant($" (or write {keyword}: all)"));
        (IReadOnlyList<string> messages, string? to, string? kind) = SelectorFields(f, out string? from);
        return new MessageSelector(messages, to, kind, from);
    }

    public (IReadOnlyList<string> Messages, string? To, string? Kind) SelectorFields(Fields f, out string? from)
    {
        IReadOnlyList<string> messages = MessagesOf(f) ?? [];
        string? to = f.Get("to") is { } t ? _names.Party(t, "the receiving user or device") : null;
        from = f.Get("from") switch
        {
            null => null,
            YamlScalarNode { Value: "server" } server when !IsQuoted(server) => "server",
            { } fr => _names.Party(fr, "the sending user or device (or server)"),
        };
        string? kind = null;
        if (f.Get("kind") is { } k)
        {
            string expected = Invariant($"a message kind ({string.Join(", ", ScenarioLoader.MessageKinds)})");
            kind = _nodes.Text(k, expected);
            if (!ScenarioLoader.MessageKinds.Contains(kind, StringComparer.Ordinal))
            {
                throw _nodes.Error(ScenarioFormatException.BadValueCode, k, expected, Quote(kind));
            }
        }

        return (messages, to, kind);
    }

    /// <summary><c>message: m1</c> or <c>messages: [m1, m2]</c> (the caller checks they exclude each other); null when neither.</summary>
    public List<string>? MessagesOf(Fields f)
    {
        if (f.Get("message") is { } one)
        {
            return [_names.Message(one)];
        }

        if (f.Get("messages") is { } many)
        {
            return [.. _nodes.Sequence(many, "a list of message names (messages: [m1, m2], or message: m1 for one)", allowEmpty: false).Children.Select(_names.Message)];
        }

        return null;
    }
}
