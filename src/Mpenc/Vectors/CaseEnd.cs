using System.Text.Json.Nodes;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// Where a case of the vector file leaves things, for the cases that name it in <c>after</c>: every participant's state,
/// the static public keys known so far, and the case's packets (TLV bytes) by step.
/// </summary>
internal sealed record CaseEnd(IReadOnlyDictionary<string, VectorParty> Parties, IReadOnlyDictionary<string, byte[]> StaticKeys, IReadOnlyList<byte[]> Packets)
{
    /// <summary>Before any case: nobody.</summary>
    public static CaseEnd Empty { get; } = new(new Dictionary<string, VectorParty>(StringComparer.Ordinal), new Dictionary<string, byte[]>(StringComparer.Ordinal), []);

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
