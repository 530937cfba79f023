using E2eeConformance.Mpenc.Errors;

namespace E2eeConformance.Mpenc.Common;

/// <summary>The participant lists of the agreements (GKA and ASKE alike): checked once, and a member's place in them.</summary>
internal static class Participants
{
    /// <summary>A copy of <paramref name="members"/>: named, each once (ordinal), or <c>bad_members</c>.</summary>
    public static IReadOnlyList<string> Checked(IReadOnlyList<string>? members)
    {
        if (members is null || members.Count == 0 || members.Any(string.IsNullOrEmpty) || members.Distinct(StringComparer.Ordinal).Count() != members.Count)
        {
            throw new MpencException(MpencErrorCode.BadMembers, "the participants are named, each once");
        }

        return [.. members];
    }

    /// <summary>The place of <paramref name="id"/> among <paramref name="members"/>, or null.</summary>
    public static int? IndexOf(IReadOnlyList<string> members, string id)
    {
        for (int i = 0; i < members.Count; i++)
        {
            if (string.Equals(members[i], id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Each value copied: no caller holds an array a member keeps, and a member holds none a caller has.</summary>
    public static IReadOnlyList<byte[]> Copy(IReadOnlyList<byte[]> values) => [.. values.Select(v => (byte[])v.Clone())];
}
