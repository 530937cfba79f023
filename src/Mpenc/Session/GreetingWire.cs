using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Gka;
using E2eeConformance.Mpenc.Messages;
using E2eeConformance.Mpenc.Wire;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// Greeting packets of the combined protocol (seed 003 §5.2.3): the GKA and ASKE flows of one stage in one packet,
/// signed with the author's ephemeral key, wrapped as wire text (§5.4), with its id (<see cref="PacketId"/>).
/// </summary>
internal static class GreetingWire
{
    /// <summary>
    /// The wire text and id of a stage: <paramref name="gka"/> (null in a confirmation) and <paramref name="aske"/> must
    /// name the same participants; an initial packet carries the previous final packet, the chain hash and the latest
    /// messages ([b]); every later stage names its operation's initial packet in PREV_PF (MP-16: a stage of a failed
    /// operation is then not taken for one of the next); a downflow or confirmation carries the author's session
    /// signature ([c]).
    /// </summary>
    public static (string Wire, string Id) Encode(ushort type, string source, CliquesFlow? gka, AskeFlow aske, string? prevPf, byte[]? chainHash, IEnumerable<string> latest, byte[] signingKey)
    {
        IReadOnlyList<string> members = gka?.Members ?? aske.Members;
        if (gka is not null && !gka.Members.SequenceEqual(aske.Members, StringComparer.Ordinal))
        {
            throw new MpencException(MpencErrorCode.BadMembers, "the GKA and ASKE flows of one packet name the same participants");
        }

        bool initial = GreetKind.IsInitial(type);
        var greeting = new Greeting(
            type,
            source,
            gka?.Next,
            members,
            gka?.IntermediateKeys ?? [],
            aske.Nonces,
            aske.EphemeralKeys,
            prevPf is not null ? Convert.FromHexString(prevPf) : null,
            initial ? chainHash : null,
            initial ? [.. latest.Order(StringComparer.Ordinal).Select(Convert.FromHexString)] : [],
            aske.SessionSignature);
        byte[] tlv = GreetingPacket.Encode(greeting, signingKey);
        return (WirePacket.Wrap(tlv), PacketId.Of(tlv));
    }

    /// <summary>The GKA flow a greeting carries (null when it carries no intermediate keys).</summary>
    public static CliquesFlow? GkaOf(Greeting g) => g.IntermediateKeys.Count == 0 ? null
        : new CliquesFlow(g.GreetType is GreetKind.StartUpflow or GreetKind.IncludeUpflow or GreetKind.Upflow ? CliquesFlowKind.Upflow : CliquesFlowKind.Downflow, g.Members, g.IntermediateKeys);

    /// <summary>The ASKE flow a greeting carries.</summary>
    public static AskeFlow AskeOf(Greeting g) =>
        new(GreetKind.Acknowledges(g.GreetType) ? AskeFlowKind.Downflow : AskeFlowKind.Upflow, g.Source, g.Members, g.Nonces, g.EphemeralKeys, g.SessionSignature);
}
