using System.Text.Json.Nodes;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// Where a case of the vector file leaves things, for the cases that name it in <c>after</c>: every participant's state,
/// the static public keys known so far, the case's packets (TLV bytes) by step, and the channel's chain of operations
/// (seed 003 §3.3, §5.2.3 [b]; MP-16): the id of the last operation's final packet (null before any) and the chain hash.
/// </summary>
internal sealed record CaseEnd(IReadOnlyDictionary<string, VectorParty> Parties, IReadOnlyDictionary<string, byte[]> StaticKeys, IReadOnlyList<byte[]> Packets)
{
    /// <summary>Before any case: nobody, no operation, the chain hash 32 zero bytes.</summary>
    public static CaseEnd Empty { get; } = new(new Dictionary<string, VectorParty>(StringComparer.Ordinal), new Dictionary<string, byte[]>(StringComparer.Ordinal), []);

    /// <summary>The id of the last finished operation's final packet (PREV_PF of the next initial packet), or null.</summary>
    public string? LastFinal { get; init; }

    /// <summary>The chain hash after the last finished operation (CHAIN_HASH of the next initial packet).</summary>
    public byte[] ChainHash { get; init; } = new byte[32];

    /// <summary>The end of the case a case names in <paramref name="field"/>, which must come before it in the file.</summary>
    public static CaseEnd Of(JsonNode c, IReadOnlyDictionary<string, CaseEnd> ends, string field = "after")
    {
        string name = VectorJson.Text(c, field);
        return ends.TryGetValue(name, out CaseEnd? end) ? end : throw new KeyNotFoundException($"case {name} does not come before this one");
    }

    /// <summary>The state of <paramref name="member"/> here.</summary>
    public VectorParty Party(string member) =>
        Parties.TryGetValue(member, out VectorParty? party) ? party : throw new KeyNotFoundException($"no participant {member}");
}
