using System.Text.Json.Nodes;
using E2eeConformance.Mpenc.Session;
using static E2eeConformance.Mpenc.Vectors.VectorJson;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// The inputs of the vector file's cases, drawn from one <see cref="StreamRandom"/> (<see cref="Stream"/>) in this order:
/// the static identity keys of p1, p2, p3 (32 bytes each); the initial agreement's draws of p1, p2, p3 (contribution,
/// nonce, ephemeral signing key, 32 bytes each); p4's static key; the inclusion's draws (p1's contribution, then p4's
/// contribution, nonce and ephemeral key); the exclusion's (p3's contribution and nonce); the data messages' IVs (16
/// bytes each). Nothing else is random: the greetings' PREV_PF, CHAIN_HASH and LATEST_PM follow from the cases before
/// (<c>latest_pm</c> is empty: no message is written between the operations, §3.3). Seed 003 §5.2.1 (GKA), §5.2.2
/// (ASKE), §5.2.3 (greetings), §5.3 (data); docs/protocols/mpenc-vectors.md.
/// </summary>
internal static class MpencVectorInputs
{
    /// <summary>The label of the stream every random input was drawn from.</summary>
    public const string Stream = "e2ee-conformance/mpenc/v1/vector";

    /// <summary>The case names, in the file's order.</summary>
    public const string Ika = "ika-p1-p2-p3", Include = "include-p4", Exclude = "exclude-p2", Data = "data-p1-p3-p4";

    public static IEnumerable<JsonObject> All()
    {
        var stream = new StreamRandom(Stream);
        JsonObject ikaKeys = StaticKeys(stream, "p1", "p2", "p3");
        JsonObject ikaRandom = Draws(stream, ["p1", "p2", "p3"], "contribution", "nonce", "ephemeral_signing_key");
        yield return new JsonObject
        {
            ["name"] = Ika,
            ["kind"] = "ika",
            ["initiator"] = "p1",
            ["members"] = TextArray(["p1", "p2", "p3"]),
            ["static_keys"] = ikaKeys,
            ["greet_types"] = GreetTypes(GreetKind.StartUpflow, GreetKind.Upflow, GreetKind.Downflow),
            ["latest_pm"] = new JsonArray(),
            ["random"] = ikaRandom,
            ["twins"] = new JsonArray(
                Flip(0, "INT_KEY", "p2", index: 1),
                Change(0, "truncate", "p2"),
                Change(0, "none", "p3"),
                At(Change(0, "none", "p2"), 1),
                Flip(1, "NONCE", "p3", index: 1),
                Change(1, "wire", "p3"),
                Flip(2, "INT_KEY", "p1"),
                Flip(2, "SESSION_SIGNATURE", "p1"),
                Resign(2, "SESSION_SIGNATURE", "p2"),
                Resign(2, "NONCE", "p1"),
                Resign(2, "NONCE", "p2"),
                Resign(2, "PUB_KEY", "p2", index: 1),
                Resign(2, "MEMBER", "p1"),
                Flip(3, "SESSION_SIGNATURE", "p2"),
                Resign(3, "SESSION_SIGNATURE", "p3"),
                Resign(3, "SOURCE", "p3"),
                At(Change(3, "none", "p2"), 2)),
        };

        JsonObject p4Key = StaticKeys(stream, "p4");
        JsonObject includeRandom = Draws(stream, ["p1"], "contribution");
        includeRandom["p4"] = Draws(stream, ["p4"], "contribution", "nonce", "ephemeral_signing_key")["p4"]!.DeepClone();
        yield return new JsonObject
        {
            ["name"] = Include,
            ["kind"] = "include",
            ["after"] = Ika,
            ["initiator"] = "p1",
            ["new_members"] = TextArray(["p4"]),
            ["static_keys"] = p4Key,
            ["greet_types"] = GreetTypes(GreetKind.IncludeUpflow, GreetKind.Upflow, GreetKind.Downflow),
            ["latest_pm"] = new JsonArray(),
            ["random"] = includeRandom,
            ["twins"] = new JsonArray(
                Flip(0, "INT_KEY", "p4", index: 3),
                Change(0, "none", "p2"),
                Resign(1, "NONCE", "p1"),
                Flip(1, "PUB_KEY", "p2", index: 3),
                Resign(1, "SESSION_SIGNATURE", "p3"),
                Change(1, "truncate", "p2"),
                OtherOperation(1, Ika, "p1"),
                Flip(2, "SESSION_SIGNATURE", "p4"),
                Earlier(Ika, 2, "p1", at: 5)),
        };

        yield return new JsonObject
        {
            ["name"] = Exclude,
            ["kind"] = "exclude",
            ["after"] = Include,
            ["initiator"] = "p3",
            ["excluded"] = TextArray(["p2"]),
            ["greet_types"] = GreetTypes(GreetKind.ExcludeDownflow, null, null),
            ["latest_pm"] = new JsonArray(),
            ["random"] = Draws(stream, ["p3"], "contribution", "nonce"),
            ["twins"] = new JsonArray(
                Change(0, "none", "p2"),
                Flip(0, "INT_KEY", "p1"),
                Resign(0, "NONCE", "p1"),
                Resign(0, "SESSION_SIGNATURE", "p4"),
                Change(1, "none", "p2"),
                Resign(2, "SESSION_SIGNATURE", "p1"),
                Earlier(Include, 1, "p1", at: 3)),
        };

        yield return new JsonObject
        {
            ["name"] = Data,
            ["kind"] = "data",
            ["after"] = Exclude,
            ["messages"] = new JsonArray(
                Message("p1", [], "hello from p1", stream),
                Message("p3", [0], "p3 answers m0", stream),
                Message("p4", [0, 1], "m2 is longer than one padding block, so its body is padded to 256 bytes (the next 128·2^k); it answers m0 and m1 at once, naming both as its parents.", stream)),
            ["twins"] = new JsonArray(
                DataFlip(0, "MESSAGE_PAYLOAD", "p3"),
                DataFlip(0, "MESSAGE_SIGNATURE", "p4"),
                DataResign(0, "MESSAGE_PAYLOAD", "p3", at: 0),
                DataResign(0, "MESSAGE_PAYLOAD", "p4", at: -1),
                Of(0, "none", "p2"),
                Of(0, "wire", "p4"),
                DataFlip(1, "SIDKEY_HINT", "p1"),
                DataFlip(1, "MESSAGE_IV", "p4"),
                Of(1, "author", "p1", value: "p4"),
                DataFlip(2, "MESSAGE_TYPE", "p1"),
                DataFlip(2, "PROTOCOL_VERSION", "p3"),
                Of(2, "truncate", "p3")),
        };
    }

    private static JsonObject StaticKeys(StreamRandom stream, params string[] members)
    {
        var keys = new JsonObject();
        foreach (string member in members)
        {
            keys[member] = Hex(stream.Next(32));
        }

        return keys;
    }

    private static JsonObject Draws(StreamRandom stream, string[] members, params string[] fields)
    {
        var draws = new JsonObject();
        foreach (string member in members)
        {
            var one = new JsonObject();
            foreach (string field in fields)
            {
                one[field] = Hex(stream.Next(32));
            }

            draws[member] = one;
        }

        return draws;
    }

    /// <summary>
    /// The GREET_TYPEs a case states: the numbering of the project's greeter (MP-16, <see cref="GreetKind"/>), so the
    /// vectors' packets carry what the greeter writes; nothing in the vectors interprets them.
    /// </summary>
    private static JsonObject GreetTypes(ushort initial, ushort? upflow, ushort? downflow)
    {
        var types = new JsonObject { ["initial"] = GreetTypeHex(initial) };
        if (upflow is { } up)
        {
            types["upflow"] = GreetTypeHex(up);
        }

        if (downflow is { } down)
        {
            types["downflow"] = GreetTypeHex(down);
        }

        types["confirmation"] = GreetTypeHex(GreetKind.Confirm);
        return types;
    }

    private static JsonObject Message(string author, int[] parents, string body, StreamRandom stream) => new()
    {
        ["author"] = author,
        ["parents"] = new JsonArray([.. parents.Select(p => (JsonNode)p)]),
        ["body"] = body,
        ["iv"] = Hex(stream.Next(16)),
    };

    private static JsonObject Change(int step, string change, string to) => new() { ["step"] = step, ["change"] = change, ["to"] = to };

    private static JsonObject At(JsonObject twin, int at)
    {
        twin["at"] = at;
        return twin;
    }

    private static JsonObject Flip(int step, string record, string to, int index = 0) => Tampered(step, "flip", record, to, index);

    private static JsonObject Resign(int step, string record, string to, int index = 0) => Tampered(step, "resign", record, to, index);

    private static JsonObject Tampered(int step, string change, string record, string to, int index)
    {
        var twin = new JsonObject { ["step"] = step, ["change"] = change, ["record"] = record };
        if (index != 0)
        {
            twin["index"] = index;
        }

        twin["to"] = to;
        return twin;
    }

    /// <summary>A stage whose PREV_PF names the initial packet of case <paramref name="name"/>, another operation (MP-16).</summary>
    private static JsonObject OtherOperation(int step, string name, string to) =>
        new() { ["step"] = step, ["change"] = "prev_pf", ["value"] = name, ["to"] = to };

    private static JsonObject Earlier(string name, int step, string to, int at) =>
        new() { ["case"] = name, ["step"] = step, ["change"] = "none", ["to"] = to, ["at"] = at };

    private static JsonObject Of(int of, string change, string to, string? value = null)
    {
        var twin = new JsonObject { ["of"] = of, ["change"] = change, ["to"] = to };
        if (value is not null)
        {
            twin["value"] = value;
        }

        return twin;
    }

    private static JsonObject DataFlip(int of, string record, string to) => new() { ["of"] = of, ["change"] = "flip", ["record"] = record, ["to"] = to };

    private static JsonObject DataResign(int of, string record, string to, int at) =>
        new() { ["of"] = of, ["change"] = "resign", ["record"] = record, ["byte"] = at, ["to"] = to };
}
