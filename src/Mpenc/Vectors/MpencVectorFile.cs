using System.Text.Json;
using System.Text.Json.Nodes;
using E2eeConformance.Mpenc.Errors;
using static E2eeConformance.Mpenc.Vectors.VectorJson;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// The family's JSON vectors (<c>vectors/mpenc_x25519.json</c>; fields in docs/protocols/mpenc-vectors.md): an initial
/// agreement of three, the inclusion of a fourth, the exclusion of one and a data exchange (seed 003 §5.2.1 GKA,
/// §5.2.2 ASKE, §5.2.3 greeting packets, §5.3 data packets, §5.4 encoding). Every case states its inputs — the random
/// bytes each participant draws, the static keys, the GREET_TYPEs, the messages — and the outputs this implementation
/// computes from them, tampered twins with the stable code each must be refused with among them. A case may start where
/// an earlier one ended (<c>after</c>). <see cref="Generate"/> writes the file; <see cref="Verify"/> recomputes each case
/// from its inputs and names every output that disagrees, and every twin that is not refused.
/// </summary>
public static class MpencVectorFile
{
    /// <summary>The value of the file's <c>family</c> field.</summary>
    public const string Family = "mpenc";

    /// <summary>The file name in <c>vectors/</c>.</summary>
    public const string FileName = "mpenc_x25519.json";

    private const string Description =
        "mpENC (seed 003) over x25519, Ed25519, AES-128-CTR and SHA-256, decisions MP-1.. of docs/protocols/mpenc.md: an initial agreement of p1, p2, p3, the inclusion of p4, the exclusion of p2 and three data messages with parents, each greeting packet laid out as the session's greeter writes it (PREV_PF, CHAIN_HASH, LATEST_PM; MP-16) with the chain hash after each operation, each packet as TLV hex and wire text, with tampered twins refused by stable code. Fields: docs/protocols/mpenc-vectors.md. Bytes are lower-case hex; each case states its inputs, and its outputs follow from them.";

    /// <summary>Whether <paramref name="root"/> is an mpENC vector file.</summary>
    public static bool Accepts(JsonNode? root) =>
        root is JsonObject o && o["family"]?.GetValueKind() == JsonValueKind.String && (string?)o["family"] == Family;

    /// <summary>The file, deterministic to the byte.</summary>
    public static string Generate()
    {
        var ends = new Dictionary<string, CaseEnd>(StringComparer.Ordinal);
        var cases = new JsonArray();
        foreach (JsonObject written in MpencVectorInputs.All())
        {
            var c = (JsonObject)Normal(written);
            (JsonObject outputs, CaseEnd end) = Compute(c, ends);
            if (Unrefused(outputs).FirstOrDefault() is { } accepted)
            {
                throw new InvalidOperationException($"{Text(c, "name")}: {accepted}");
            }

            c["outputs"] = Normal(outputs);
            ends[Text(c, "name")] = end;
            cases.Add(c);
        }

        var root = new JsonObject
        {
            ["family"] = Family,
            ["version"] = 1,
            ["description"] = Description,
            ["rng"] = $"SHA-256(SHA-256('{MpencVectorInputs.Stream}') || le64(counter)) stream; every case states the bytes it drew (docs/protocols/mpenc-vectors.md, Randomness)",
            ["cases"] = cases,
        };
        return root.ToJsonString(Options).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    /// <summary>
    /// Checks every case of a file in order (a case's <c>after</c> names an earlier one, whose state is recomputed from
    /// its inputs); a case whose inputs cannot be read fails with the reason.
    /// </summary>
    public static IReadOnlyList<MpencVectorCase> Verify(JsonNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root["cases"] is not JsonArray cases)
        {
            return [new MpencVectorCase("file", ["no cases array"])];
        }

        var ends = new Dictionary<string, CaseEnd>(StringComparer.Ordinal);
        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<MpencVectorCase>();
        foreach (JsonNode? node in cases)
        {
            string name = node is JsonObject named && named["name"] is JsonValue value && value.TryGetValue(out string? text) ? text : "(unnamed)";
            try
            {
                var inputs = (JsonObject)Normal(node!);
                JsonNode? recorded = inputs["outputs"];
                inputs.Remove("outputs");
                if (ends.ContainsKey(name) || unreadable.Contains(name))
                {
                    throw new FormatException($"a second case named {name}");
                }

                if (OptionalText(inputs, "after") is { } after && unreadable.Contains(after))
                {
                    throw new InvalidOperationException($"it follows {after}, which cannot be read");
                }

                (JsonObject computed, CaseEnd end) = Compute(inputs, ends);
                ends[name] = end;
                JsonNode normal = Normal(computed);
                results.Add(new MpencVectorCase(name, [.. Unrefused(normal), .. JsonDiff.Of(recorded, normal, "outputs")]));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or InvalidCastException
                or ArgumentException or ArithmeticException or JsonException or MpencException or NullReferenceException)
            {
                unreadable.Add(name);
                results.Add(new MpencVectorCase(name, [$"cannot read the case: {e.Message}"]));
            }
        }

        return results;
    }

    private static (JsonObject Outputs, CaseEnd End) Compute(JsonObject c, IReadOnlyDictionary<string, CaseEnd> ends) => Text(c, "kind") switch
    {
        "ika" or "include" or "exclude" => AgreementRun.Compute(c, ends),
        "data" => DataVector.Compute(c, ends),
        var other => throw new FormatException($"unknown case kind {other}"),
    };

    /// <summary>Every twin of the computed outputs that was not refused: a genuine failure of the implementation checked.</summary>
    private static IEnumerable<string> Unrefused(JsonNode outputs) =>
        (outputs["twins"] as JsonArray ?? [])
            .Select((t, i) => (Twin: t, Index: i))
            .Where(t => t.Twin?["expect"] is JsonValue v && v.TryGetValue(out string? expect) && expect == Accepted)
            .Select(t => $"outputs.twins[{t.Index}] is accepted, not refused");
}
