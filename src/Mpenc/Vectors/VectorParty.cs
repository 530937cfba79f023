using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Gka;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// One participant as the vectors drive it: its side of the group key agreement (seed 003 §5.2.1) and of the
/// authenticated signature key exchange (§5.2.2), both values, so a state can be kept and a tampered twin delivered to it.
/// </summary>
internal sealed record VectorParty(CliquesMember Gka, AskeMember Aske)
{
    /// <summary>The participant's id.</summary>
    public string Self => Gka.Self;

    /// <summary>A participant that has taken part in nothing yet, with its static identity key (Ed25519, 32 bytes).</summary>
    public static VectorParty New(string self, byte[] staticKey) => new(CliquesMember.New(self), AskeMember.New(self, staticKey));

    /// <summary>The ephemeral public signing key this participant's exchange holds for <paramref name="member"/>, or null.</summary>
    public byte[]? EphemeralKeyOf(string member)
    {
        int index = Aske.Members.ToList().IndexOf(member);
        IReadOnlyList<byte[]> keys = Aske.EphemeralKeys;
        return index >= 0 && index < keys.Count ? keys[index] : null;
    }
}
