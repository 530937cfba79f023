using E2eeConformance.Scenarios.Model;
using YamlDotNet.RepresentationModel;
using static System.FormattableString;
using static E2eeConformance.Scenarios.Loading.NodeText;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>Reads the expectations of an <c>expect</c> step.</summary>
internal sealed class ExpectationParser
{
    private static readonly (string Keyword, Func<ExpectationParser, YamlNode, IEnumerable<Expectation>> Read)[] ExpectationTable =
    [
        ("received", (r, v) => r.Received(v)),
        ("not_received", (r, v) => r.NotReceived(v)),
        ("error", (r, v) => [r.ErrorExpectationOf(v)]),
        ("no_errors", (r, v) => r.Parties(v, "the devices to check", allowAll: true).Select(p => new NoErrorsExpectation(p))),
        ("tolerate", (r, v) => r.Tolerate(v)),
        ("refused", (r, v) => [r.Refused(v)]),
        ("event", (r, v) => r.Event(v)),
        ("adversary_decrypts", (r, v) => [r.Adversary(v, canDecrypt: true)]),
        ("adversary_cannot_decrypt", (r, v) => [r.Adversary(v, canDecrypt: false)]),
        ("identity_matches", (r, v) => [r.Identity(v, matches: true)]),
        ("identity_differs", (r, v) => [r.Identity(v, matches: false)]),
        ("state", (r, v) => r.State(v)),
        ("server", (r, v) => [r.Server(v)]),
        ("summary", (r, v) => r.Parties(v, "the devices to summarize", allowAll: true).Select(p => new SummaryExpectation(p))),
    ];

    private static readonly Dictionary<string, Func<ExpectationParser, YamlNode, IEnumerable<Expectation>>> ExpectationsByKeyword =
        ExpectationTable.ToDictionary(s => s.Keyword, s => s.Read, StringComparer.Ordinal);

    private readonly NodeReader _nodes;
    private readonly NameScope _names;
    private readonly SelectorParser _selectors;
    private readonly CountRangeParser _counts;

    public ExpectationParser(NodeReader nodes, NameScope names, SelectorParser selectors)
    {
        _nodes = nodes;
        _names = names;
        _selectors = selectors;
        _counts = new CountRangeParser(nodes);
    }

    /// <summary>Every expectation keyword of <c>expect</c>.</summary>
    public static IReadOnlyList<string> ExpectationKeywords { get; } = [.. ExpectationTable.Select(s => s.Keyword)];

    private static string ExpectShape => Invariant($"a mapping of expectations ({string.Join(", ", ExpectationKeywords)}) or a list of them");

    /// <summary>Reads an <c>expect</c> step: one mapping of expectations or a list of them.</summary>
    public ExpectStep Expect(YamlNode node)
    {
        var expectations = new List<Expectation>();
        if (node is YamlSequenceNode seq && seq.Children.Count > 0)
        {
            foreach (YamlNode item in seq.Children)
            {
                ReadExpectations(item, expectations);
            }
        }
        else
        {
            ReadExpectations(node, expectations);
        }

        return new ExpectStep(expectations);
    }

    private void ReadExpectations(YamlNode node, List<Expectation> into)
    {
        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            throw _nodes.Error(ScenarioFormatException.BadValueCode, node, ExpectShape, Describe(node));
        }

        foreach ((YamlNode k, YamlNode v) in mapping.Children)
        {
            YamlScalarNode key = _nodes.Key(k);
            string name = key.Value ?? string.Empty;
            if (!ExpectationsByKeyword.TryGetValue(name, out var read))
            {
                throw _nodes.Error(
                    ScenarioFormatException.UnknownKeyCode, key, Invariant($"an expectation keyword ({string.Join(", ", ExpectationKeywords)})"), Invariant($"key {Quote(name)}"));
            }

            into.AddRange(read(this, v));
        }
    }

    /// <summary>
    /// A user or device, or a list of them (a <c>by:</c> list): the expectation is read once per name, as if written
    /// once for each (every one of them must pass).
    /// </summary>
    private List<string> Parties(YamlNode node, string what, bool allowAll = false) =>
        node is YamlSequenceNode
            ? [.. _nodes.Sequence(node, Invariant($"{what}: a list of users or devices"), allowEmpty: false).Children.Select(n => _names.Party(n, what, allowAll))]
            : [_names.Party(node, what, allowAll)];

    private IEnumerable<ReceivedExpectation> Received(YamlNode node)
    {
        var f = new Fields(_nodes, node, "received", ["by", "message", "messages", "text"]);
        List<string> by = Parties(f.Require("by", "the receiving user or device"), "the receiving user or device", allowAll: true);
        f.ExactlyOne("message", "messages", "the messages expected");
        List<string> messages = _selectors.MessagesOf(f)!;
        string? text = f.Get("text") is { } t ? _nodes.Text(t, "the expected text", out _, allowEmpty: true) : null;
        return by.Select(b => new ReceivedExpectation(b, messages, text));
    }

    private IEnumerable<NotReceivedExpectation> NotReceived(YamlNode node)
    {
        var f = new Fields(_nodes, node, "not_received", ["by", "message", "messages"]);
        List<string> by = Parties(f.Require("by", "the user or device"), "the user or device", allowAll: true);
        f.ExactlyOne("message", "messages", "the messages not expected");
        List<string> messages = _selectors.MessagesOf(f)!;
        return by.Select(b => new NotReceivedExpectation(b, messages));
    }

    private ErrorExpectation ErrorExpectationOf(YamlNode node)
    {
        var f = new Fields(_nodes, node, "error", ["at", "code", "message", "count"]);
        string at = _names.Party(f.Require("at", "the device that reports the error"), "the device that reports the error", allowAll: true);
        string code = ErrorCode(f);

        string? message = f.Get("message") is { } m ? _names.Message(m) : null;
        if (f.Get("count") is not { } c)
        {
            return new ErrorExpectation(at, code, message);
        }

        if (c is YamlMappingNode)
        {
            return new ErrorExpectation(at, code, message) { Range = _counts.Read(c, 0, "how many such errors") };
        }

        return new ErrorExpectation(at, code, message, _nodes.Int(c, 1, "how many such errors"));
    }

    /// <summary>The required <c>code:</c> of an error or tolerate expectation: one of the engine's stable error codes.</summary>
    private string ErrorCode(Fields f)
    {
        YamlNode codeNode = f.Require("code", "the protocol error code, e.g. bad_tag");
        string expected = Invariant($"a protocol error code ({string.Join(", ", ScenarioLoader.ErrorCodes)})");
        string code = _nodes.Text(codeNode, expected);
        return ScenarioLoader.ErrorCodes.Contains(code, StringComparer.Ordinal) ? code : throw _nodes.Error(ScenarioFormatException.UnknownNameCode, codeNode, expected, Quote(code));
    }

    private RefusedExpectation Refused(YamlNode node)
    {
        var f = new Fields(_nodes, node, "refused", ["at", "request", "code", "count"]);
        string at = _names.Party(f.Require("at", "the device whose request was refused"), "the device whose request was refused", allowAll: true);
        string? request = f.Get("request") is { } r ? OneOf(r, ScenarioLoader.RefusableRequests, "a refusable request") : null;
        string? code = f.Get("code") is { } c ? OneOf(c, ScenarioLoader.RefusalCodes, "a refusal code") : null;
        int count = f.Get("count") is { } n ? _nodes.Int(n, 1, "how many such refusals") : 1;
        return new RefusedExpectation(at, request, code, count);
    }

    private IEnumerable<EventExpectation> Event(YamlNode node)
    {
        var f = new Fields(_nodes, node, "event", ["at", "kind", "of", "name", "count"]);
        List<string> at = Parties(f.Require("at", "the devices that raised the events"), "the devices that raised the events", allowAll: true);
        YamlNode kindNode = f.Require("kind", "the kind of event");
        string kind = OneOf(kindNode, EventExpectation.Kinds, "an event kind");
        string? of = null;
        if (f.Get("of") is { } o)
        {
            of = EventExpectation.KindsWithSubject.Contains(kind, StringComparer.Ordinal)
                ? _names.Party(o, "the user or device the events are about")
                : throw _nodes.Error(ScenarioFormatException.ConflictingKeysCode, f.KeyNode("of"), Invariant($"'of' only with kind {string.Join(" or ", EventExpectation.KindsWithSubject)}"), Invariant($"'of' with kind {kind}"));
        }

        string? name = null;
        if (f.Get("name") is { } n)
        {
            name = kind == "user_updated"
                ? _nodes.Text(n, "the user name the update carries")
                : throw _nodes.Error(ScenarioFormatException.ConflictingKeysCode, f.KeyNode("name"), "'name' only with kind user_updated", Invariant($"'name' with kind {kind}"));
        }

        CountRange? count = f.Get("count") is { } c ? _counts.Read(c, 0, "how many such events") : null;
        return at.Select(a => new EventExpectation(a, kind, of, name, count));
    }

    private string OneOf(YamlNode node, IReadOnlyList<string> allowed, string what)
    {
        string expected = Invariant($"{what} ({string.Join(", ", allowed)})");
        string value = _nodes.Text(node, expected);
        return allowed.Contains(value, StringComparer.Ordinal) ? value : throw _nodes.Error(ScenarioFormatException.UnknownNameCode, node, expected, Quote(value));
    }

    private IEnumerable<TolerateExpectation> Tolerate(YamlNode node)
    {
        var f = new Fields(_nodes, node, "tolerate", ["at", "code", "reason"]);
        List<string> at = Parties(f.Require("at", "the devices whose errors are tolerated"), "the devices whose errors are tolerated", allowAll: true);
        string code = ErrorCode(f);

        string reason = _nodes.Text(f.Require("reason", "why these errors are expected"), "a reason (text)");
        return at.Select(a => new TolerateExpectation(a, code, reason));
    }

    private IdentityExpectation Identity(YamlNode node, bool matches)
    {
        var f = new Fields(_nodes, node, matches ? "identity_matches" : "identity_differs", ["by", "of"]);
        string by = _names.Party(f.Require("by", "whose sessions are checked"), "whose sessions are checked");
        string of = _names.Party(f.Require("of", "the peer whose identity they should hold"), "the peer whose identity they should hold");
        return new IdentityExpectation(by, of, matches);
    }

    private AdversaryExpectation Adversary(YamlNode node, bool canDecrypt)
    {
        var f = new Fields(_nodes, node, canDecrypt ? "adversary_decrypts" : "adversary_cannot_decrypt", ["state", "message"]);
        YamlNode stateNode = f.Require("state", "the adversary's state copy (the 'as' of a compromise)");
        string state = _nodes.Text(stateNode, "the name of an adversary's state copy", out YamlScalarNode scalar);
        _names.RequireDefined(_names.Adversaries, scalar, state);
        string message = _names.Message(f.Require("message", "the message the adversary tries to decrypt"));
        return new AdversaryExpectation(state, message, canDecrypt);
    }

    private IEnumerable<StateExpectation> State(YamlNode node)
    {
        string[] counters = ["sessions", "skipped_keys", "one_time_pre_keys", "signed_pre_key_id", "groups", "group_members", "sender_key_id", "room_key_generation"];
        var f = new Fields(_nodes, node, "state", ["device", "sessions", "skipped_keys", "one_time_pre_keys", "signed_pre_key_id", "groups", "group", "group_members", "sender_key_id", "room_key_generation"]);
        List<string> devices = Parties(f.Require("device", "the device to inspect"), "the device to inspect");
        f.AtLeastOne(counters);
        if (f.Get("group_members") is not null || (f.Get("sender_key_id") is null && f.Get("room_key_generation") is null))
        {
            f.Together("group", "group_members", "the group whose member devices are counted");
        }
        else if (f.Get("sender_key_id") is not null)
        {
            f.Together("group", "sender_key_id", "the group whose own sender key id is checked");
        }
        else
        {
            f.Together("group", "room_key_generation", "the group whose room-key generation is checked");
        }

        long? roomKeyGeneration = f.Get("room_key_generation") is { } rg ? _nodes.Integer(rg, 0, uint.MaxValue, "a room-key generation (an integer ≥ 0)") : null;
        long? senderKeyId = f.Get("sender_key_id") is { } k ? _nodes.Integer(k, 1, uint.MaxValue, "a sender key id (an integer ≥ 1)") : null;
        CountRange? Counter(string key) => f.Get(key) is { } n ? _counts.Read(n, 0, Invariant($"{key}: a count")) : null;
        long? spk = f.Get("signed_pre_key_id") is { } s ? _nodes.Integer(s, 0, uint.MaxValue, "a signed pre-key id (an integer ≥ 0)") : null;
        string? group = f.Get("group") is { } g ? _names.Group(g) : null;
        var state = new StateExpectation(
            devices[0],
            Sessions: Counter("sessions"),
            SkippedKeys: Counter("skipped_keys"),
            OneTimePreKeys: Counter("one_time_pre_keys"),
            SignedPreKeyId: spk,
            Groups: Counter("groups"),
            Group: group,
            GroupMembers: Counter("group_members"))
        {
            SenderKeyId = senderKeyId,
            RoomKeyGeneration = roomKeyGeneration,
        };
        return devices.Select(d => state with { Device = d });
    }

    private ServerExpectation Server(YamlNode node)
    {
        var f = new Fields(_nodes, node, "server", ["pending_for", "count", "one_time_pre_keys_of", "stock"]);
        f.AtLeastOne(["count", "stock"]);
        f.Together("pending_for", "count", "the user or device, and how many messages the server holds for it"); // a count alone would check nothing

        f.Together("one_time_pre_keys_of", "stock", "how many one-time pre-keys the server holds for the device");
        string? pendingFor = f.Get("pending_for") is { } p ? _names.Party(p, "the user or device messages are pending for") : null;
        CountRange? count = f.Get("count") is { } c ? _counts.Read(c, 0, "a number of pending messages") : null;
        string? opksOf = f.Get("one_time_pre_keys_of") is { } o ? _names.Party(o, "the device whose one-time pre-keys are counted") : null;
        CountRange? stock = f.Get("stock") is { } s ? _counts.Read(s, 0, "a number of one-time pre-keys") : null;
        return new ServerExpectation(pendingFor, count, opksOf, stock);
    }
}
