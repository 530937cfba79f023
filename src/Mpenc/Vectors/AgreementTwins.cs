using System.Security.Cryptography;
using System.Text.Json.Nodes;
using E2eeConformance.Mpenc.Wire;
using static E2eeConformance.Mpenc.Vectors.VectorJson;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// The tampered twins of an agreement case (seed 003 §5.2.1–§5.2.3): a step's packet — or, with <c>case</c>, a packet of
/// an earlier case — changed as <c>change</c> says and delivered to <c>to</c> in the state <c>to</c> had before step
/// <c>at</c> (default: the twin's own step; the number of steps: the end of the case). Changes: <c>flip</c> bit 0 of
/// byte <c>byte</c> of the <c>index</c>-th record named <c>record</c> (message signature not renewed); <c>resign</c> the
/// same, then signed again by the step's sender; <c>prev_pf</c> PREV_PF made to name the initial packet of the case named
/// in <c>value</c> — another operation (§5.2.3 [b], MP-16) — with the message signature not renewed; <c>truncate</c> the
/// last byte; <c>wire</c> the wire text without its final period; <c>none</c> the packet as it is. The outcome is the
/// stable code of the refusal, never <c>accepted</c>: a stage naming another operation that its author signed again
/// passes the packet's checks, and the session ignores it (Greeter, MP-16) without a code, so it is no twin.
/// </summary>
internal static class AgreementTwins
{
    public static JsonArray Of(JsonObject c, AgreementRun run, IReadOnlyDictionary<string, CaseEnd> ends)
    {
        var twins = new JsonArray();
        foreach (JsonNode? node in Array(c, "twins"))
        {
            var twin = node as JsonObject ?? throw new FormatException("a twin is an object");
            twins.Add(Twin((JsonObject)Normal(twin), run, ends));
        }

        return twins;
    }

    private static JsonObject Twin(JsonObject twin, AgreementRun run, IReadOnlyDictionary<string, CaseEnd> ends)
    {
        string change = Text(twin, "change"), to = Text(twin, "to");
        int step = Int(twin, "step");
        bool earlier = twin.ContainsKey("case");
        IReadOnlyList<byte[]> packets = earlier ? CaseEnd.Of(twin, ends, "case").Packets : run.Packets;
        if (step < 0 || step >= packets.Count)
        {
            throw new FormatException($"there is no step {step}");
        }

        int at = OptionalInt(twin, "at") ?? (earlier ? throw new FormatException("a packet of an earlier case says when it arrives (at)") : step);
        if (at < 0 || at >= run.Before.Count)
        {
            throw new FormatException($"there is no state before step {at}");
        }

        VectorParty state = run.Before[at].TryGetValue(to, out VectorParty? party) ? party : throw new KeyNotFoundException($"no participant {to}");
        byte[] genuine = packets[step];
        byte[]? changed = change switch
        {
            "none" or "wire" => null,
            "flip" => Flip(twin, genuine),
            "resign" when !earlier => PacketTamper.ResignGreeting(Flip(twin, genuine), AuthorKey(run, step)),
            "prev_pf" when !earlier => PacketTamper.Replace(genuine, "PREV_PF", 0, SHA256.HashData(CaseEnd.Of(twin, ends, "value").Packets[0])),
            "truncate" => genuine[..^1],
            _ => throw new FormatException($"unknown twin change {change}"),
        };
        string wire = WirePacket.Wrap(changed ?? genuine);
        if (change == "wire")
        {
            wire = wire[..^1];
        }

        if (changed is not null)
        {
            twin["packet"] = Hex(changed);
        }

        twin["wire"] = wire;
        twin["expect"] = Outcome(() => VectorGreeter.Receive(state, wire, run.StaticKeys, new FixedRandom(run.RandomOf(to))));
        return twin;
    }

    private static byte[] Flip(JsonObject twin, byte[] packet) =>
        PacketTamper.Flip(packet, Text(twin, "record"), OptionalInt(twin, "index") ?? 0, OptionalInt(twin, "byte") ?? 0);

    /// <summary>The ephemeral signing key of the step's sender (made once per member, MP-14: the same all through the case).</summary>
    private static byte[] AuthorKey(AgreementRun run, int step) =>
        run.Before[^1][run.Senders[step]].Aske.EphemeralSigningKey ?? throw new InvalidOperationException($"{run.Senders[step]} has no ephemeral signing key");
}
