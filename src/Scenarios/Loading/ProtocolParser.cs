using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Families;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>
/// The protocol-family keys of a scenario file (docs/PROTOCOL-FAMILIES.md): <c>protocol:</c> (a family or a list of
/// them; default e2ee-security), <c>sender_keys:</c> and <c>room_keys:</c> (those families' settings), and the check that every family named
/// gives a meaning to every step, expectation and setting of the file — what <c>check</c> must refuse before <c>run</c>
/// meets it.
/// </summary>
internal sealed class ProtocolParser(NodeReader nodes)
{
    /// <summary>The most messages a sender-key setting may count (a million).</summary>
    public const int MaxSettingCount = 1_000_000;

    /// <summary>Reads <c>protocol: NAME</c> or <c>protocol: [NAME, …]</c>.</summary>
    public IReadOnlyList<string> Protocols(YamlNode node)
    {
        string expected = Invariant($"a protocol family or a list of them ({string.Join(", ", ProtocolFamilies.Names)})");
        List<string> names = node is YamlSequenceNode ? nodes.TextList(node, expected, "a protocol family") : [nodes.Text(node, expected)];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        YamlNode[] items = node is YamlSequenceNode seq ? [.. seq.Children] : [node];
        for (int i = 0; i < names.Count; i++)
        {
            if (ProtocolFamilies.Find(names[i]) is null)
            {
                throw nodes.Error(ScenarioFormatException.UnknownNameCode, items[i], expected, Quote(names[i]));
            }

            if (!seen.Add(names[i]))
            {
                throw nodes.Error(ScenarioFormatException.DuplicateNameCode, items[i], "each protocol family once", Quote(names[i]));
            }
        }

        return names;
    }

    /// <summary>Reads <c>sender_keys: { rotate_after_messages?, rotate_after?, transition_window?, max_forward_jump?, max_skipped_keys? }</c>.</summary>
    public SenderKeySettings SenderKeys(YamlNode node)
    {
        string[] keys = ["rotate_after_messages", "rotate_after", "transition_window", "max_forward_jump", "max_skipped_keys"];
        var f = new Fields(nodes, node, "sender_keys", keys);
        f.AtLeastOne(keys);
        int? Count(string key, int min) =>
            f.Get(key) is { } n ? (int)nodes.Integer(n, min, MaxSettingCount, Invariant($"{key}: a number ({min} to {MaxSettingCount})")) : null;
        TimeSpan? Duration(string key, string zero)
        {
            if (f.Get(key) is not { } n)
            {
                return null;
            }

            string expected = Invariant($"{key}: a duration like 10m, 1h or 7d (0s: {zero})");
            string text = nodes.Text(n, expected);
            return ScenarioLoader.TryParseDuration(text, out TimeSpan d) ? d : throw nodes.Error(ScenarioFormatException.BadValueCode, n, expected, Quote(text));
        }

        return new SenderKeySettings(Count("rotate_after_messages", 0), Duration("rotate_after", "never by age"), Duration("transition_window", "an old key id retires as soon as a newer one arrives"), Count("max_forward_jump", 1), Count("max_skipped_keys", 0));
    }

    /// <summary>Reads <c>room_keys: { replace_after?, rsa_bits? }</c>.</summary>
    public RoomKeySettings RoomKeys(YamlNode node)
    {
        string[] keys = ["replace_after", "rsa_bits"];
        var f = new Fields(nodes, node, "room_keys", keys);
        f.AtLeastOne(keys);
        TimeSpan? replaceAfter = null;
        if (f.Get("replace_after") is { } r)
        {
            const string Expected = "replace_after: a duration of at least 1s, like 10m, 1h or 7d";
            string text = nodes.Text(r, Expected);
            replaceAfter = ScenarioLoader.TryParseDuration(text, out TimeSpan d) && d >= TimeSpan.FromSeconds(1) ? d : throw nodes.Error(ScenarioFormatException.BadValueCode, r, Expected, Quote(text));
        }

        int? bits = null;
        if (f.Get("rsa_bits") is { } b)
        {
            const string Expected = "rsa_bits: 2048, 3072 or 4096";
            long value = nodes.Integer(b, 2048, 4096, Expected);
            bits = value is 2048 or 3072 or 4096 ? (int)value : throw nodes.Error(ScenarioFormatException.BadValueCode, b, Expected, Invariant($"{value}"));
        }

        return new RoomKeySettings(replaceAfter, bits);
    }

    /// <summary>
    /// Fails with <see cref="ScenarioFormatException.NotInProtocolCode"/> at the first step, expectation or setting one of
    /// the scenario's families cannot run (each family says why).
    /// </summary>
    public static void CheckFamilies(Scenario scenario, YamlNode? senderKeysNode, YamlNode? roomKeysNode, string file)
    {
        if (scenario.SenderKeys is not null && !scenario.Protocols.Contains("sender-keys", StringComparer.Ordinal))
        {
            throw new ScenarioFormatException(
                ScenarioFormatException.NotInProtocolCode, SpanOf(file, senderKeysNode!.Start), "sender_keys: only in a scenario whose protocol includes sender-keys", Invariant($"protocol: {string.Join(", ", scenario.Protocols)}"));
        }

        if (scenario.RoomKeys is not null && !scenario.Protocols.Contains("room-keys", StringComparer.Ordinal))
        {
            throw new ScenarioFormatException(
                ScenarioFormatException.NotInProtocolCode, SpanOf(file, roomKeysNode!.Start), "room_keys: only in a scenario whose protocol includes room-keys", Invariant($"protocol: {string.Join(", ", scenario.Protocols)}"));
        }

        foreach (string protocol in scenario.Protocols)
        {
            IProtocolFamily family = ProtocolFamilies.Find(protocol)!;
            if (ProtocolFamilies.FirstRefusal(scenario, family) is { } refusal)
            {
                throw new ScenarioFormatException(
                    ScenarioFormatException.NotInProtocolCode, refusal.At, Invariant($"what the {family.Name} family runs"), refusal.Why);
            }
        }
    }
}
