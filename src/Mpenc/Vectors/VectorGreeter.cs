using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Common;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Gka;
using E2eeConformance.Mpenc.Messages;
using E2eeConformance.Mpenc.Ports;
using E2eeConformance.Mpenc.Wire;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// How a participant of the vectors receives a packet's wire text (seed 003 §5.4) — the composition of the GKA
/// (§5.2.1), the ASKE (§5.2.2), greeting packets (§5.2.3) and data packets (§5.3) the vector file checks, not the
/// session machinery of §3. A greeting that carries MEMBER records is verified with the PUB_KEY at SOURCE's place, any
/// other with the ephemeral key the receiver's exchange holds for SOURCE (MP-13); then an upflow (DEST present) goes to
/// the GKA's and the ASKE's upflow step, a first downflow (MEMBERs) to the GKA's downflow and then the ASKE's, a
/// confirmation to the ASKE alone. Every refusal is an <see cref="MpencException"/> and leaves the state unchanged.
/// </summary>
internal static class VectorGreeter
{
    /// <summary>The receiver's new state and what it sends in reply (null: nothing).</summary>
    public static (VectorParty Party, Emission? Reply) Receive(VectorParty party, string wire, IReadOnlyDictionary<string, byte[]> staticKeys, IRandom random)
    {
        byte[] packet = WirePacket.Unwrap(wire);
        IReadOnlyList<TlvRecord> records = Tlv.Decode(packet);
        Greeting g = records.Any(r => r.Type == (ushort)TlvType.Member)
            ? GreetingPacket.Decode(packet)
            : GreetingPacket.Decode(packet, ExchangeKey(party, records));
        if (g.Dest is { } dest)
        {
            if (dest != party.Self)
            {
                throw new MpencException(g.Members.Contains(party.Self) ? MpencErrorCode.WrongTurn : MpencErrorCode.NotAMember, $"the upflow goes to {dest}, not {party.Self}");
            }

            (CliquesMember gka, CliquesFlow gkaFlow) = party.Gka.OnUpflow(new CliquesFlow(CliquesFlowKind.Upflow, g.Members, g.IntermediateKeys), random);
            (AskeMember aske, AskeFlow askeFlow) = party.Aske.OnUpflow(new AskeFlow(AskeFlowKind.Upflow, g.Source, g.Members, g.Nonces, g.EphemeralKeys, null), random);
            return (new VectorParty(gka, aske), new Emission(gkaFlow, askeFlow));
        }

        if (g.Members.Count > 0)
        {
            CliquesMember gka = party.Gka.OnDownflow(new CliquesFlow(CliquesFlowKind.Downflow, g.Members, g.IntermediateKeys));
            (AskeMember aske, AskeFlow? ack) = party.Aske.OnDownflow(new AskeFlow(AskeFlowKind.Downflow, g.Source, g.Members, g.Nonces, g.EphemeralKeys, g.SessionSignature), staticKeys);
            return (new VectorParty(gka, aske), ack is null ? null : new Emission(null, ack));
        }

        if (g.IntermediateKeys.Count > 0 || g.Nonces.Count > 0 || g.EphemeralKeys.Count > 0)
        {
            throw new MpencException(MpencErrorCode.Malformed, "a confirmation names no members and carries no keys or nonces");
        }

        (AskeMember confirmed, AskeFlow? reply) = party.Aske.OnDownflow(new AskeFlow(AskeFlowKind.Downflow, g.Source, [], [], [], g.SessionSignature), staticKeys);
        return (party with { Aske = confirmed }, reply is null ? null : new Emission(null, reply));
    }

    /// <summary>
    /// The parents and body of a data packet's wire text (§5.3) as <paramref name="party"/> reads it: under its own
    /// session id and group key, verified with the ephemeral key its exchange holds for <paramref name="author"/>.
    /// </summary>
    public static (IReadOnlyList<byte[]> Parents, string Body) ReadData(VectorParty party, string wire, string author)
    {
        byte[] packet = WirePacket.Unwrap(wire);
        byte[] sid = party.Aske.SessionId ?? throw new MpencException(MpencErrorCode.WrongTurn, $"{party.Self} has no session");
        byte[] key = party.EphemeralKeyOf(author) ?? throw new MpencException(MpencErrorCode.NotAMember, $"{author} is not in {party.Self}'s session");
        return DataMessage.Decode(packet, sid, party.Gka.GroupKey(), key);
    }

    /// <summary>The ephemeral key the receiver's exchange holds for the packet's SOURCE (the only record read before the signature verifies).</summary>
    private static byte[] ExchangeKey(VectorParty party, IReadOnlyList<TlvRecord> records)
    {
        TlvRecord source = records.FirstOrDefault(r => r.Type == (ushort)TlvType.Source)
            ?? throw new MpencException(MpencErrorCode.UnexpectedRecord, "a greeting names its SOURCE");
        string id = StrictUtf8.Decode(source.Value, "a participant id");
        if (!party.Aske.Members.Contains(id, StringComparer.Ordinal))
        {
            throw new MpencException(MpencErrorCode.NotAMember, $"{id} is not in {party.Self}'s exchange");
        }

        return party.EphemeralKeyOf(id) ?? throw new MpencException(MpencErrorCode.WrongTurn, $"{party.Self} holds no ephemeral key of {id} yet");
    }
}
