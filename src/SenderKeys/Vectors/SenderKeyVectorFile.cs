using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Errors;

namespace E2eeConformance.SenderKeys.Vectors;

/// <summary>
/// The family's JSON vectors (issue 15 §4; <c>vectors/sender-keys_p256.json</c>): every case states its inputs and the
/// outputs this engine computes from them. <see cref="Generate"/> writes the file; <see cref="Verify"/> recomputes
/// each case's outputs from its inputs and names every output that disagrees. Tampered twins state the change and the
/// refusal code expected. Primitive cases come from public standards (RFC 5903 §8.1, RFC 5869 A.1).
/// </summary>
public static class SenderKeyVectorFile
{
    /// <summary>The value of the file's <c>family</c> field.</summary>
    public const string Family = "sender-keys";

    /// <summary>The file name in <c>vectors/</c>.</summary>
    public const string FileName = "sender-keys_p256.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Whether <paramref name="root"/> is a sender-key vector file.</summary>
    public static bool Accepts(JsonNode? root) => root is JsonObject o && o["family"]?.GetValueKind() == JsonValueKind.String && (string?)o["family"] == Family;

    /// <summary>The file, deterministic to the byte.</summary>
    public static string Generate()
    {
        var cases = new JsonArray();
        foreach (JsonObject written in Inputs())
        {
            var c = (JsonObject)Normal(written);
            c["outputs"] = Normal(Compute(c));
            cases.Add(c);
        }

        var root = new JsonObject
        {
            ["family"] = Family,
            ["version"] = 1,
            ["description"] = "Sender keys over P-256 (seed 004), decisions SK-1..SK-18 of docs/protocols/sender-keys.md. Bytes are lower-case hex; each case's outputs follow from its inputs.",
            ["cases"] = cases,
        };
        return root.ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    /// <summary>Checks every case of a file; a case whose inputs cannot be read fails with the reason.</summary>
    public static IReadOnlyList<SenderKeyVectorCase> Verify(JsonNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root["cases"] is not JsonArray cases)
        {
            return [new SenderKeyVectorCase("file", ["no cases array"])];
        }

        var results = new List<SenderKeyVectorCase>();
        foreach (JsonNode? node in cases)
        {
            string name = node is JsonObject named && named["name"] is JsonValue value && value.TryGetValue(out string? text) ? text : "(unnamed)";
            try
            {
                var inputs = (JsonObject)Normal(node!);
                JsonNode? recorded = inputs["outputs"];
                inputs.Remove("outputs");
                var computed = (JsonObject)Normal(Compute(inputs));
                results.Add(new SenderKeyVectorCase(name, [.. computed.Select(kv => kv.Key).Where(k => recorded?[k]?.ToJsonString() != computed[k]?.ToJsonString()).Select(k => $"{k} differs")]));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or NullReferenceException or InvalidCastException or ArgumentException or SenderKeyException)
            {
                results.Add(new SenderKeyVectorCase(name, [$"cannot read the case: {e.Message}"]));
            }
        }

        return results;
    }

    private static IEnumerable<JsonObject> Inputs()
    {
        yield return new JsonObject
        {
            ["name"] = "ecdh-p256-rfc5903-8.1",
            ["kind"] = "ecdh",
            ["a_scalar"] = "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
            ["b_scalar"] = "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
        };
        yield return new JsonObject
        {
            ["name"] = "hkdf-sha256-rfc5869-a.1",
            ["kind"] = "hkdf",
            ["ikm"] = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
            ["salt"] = "000102030405060708090a0b0c",
            ["info"] = "f0f1f2f3f4f5f6f7f8f9",
            ["length"] = 42,
        };
        yield return new JsonObject
        {
            ["name"] = "pairwise-alice-bob",
            ["kind"] = "pairwise",
            ["alice"] = "alice/1",
            ["alice_key_id"] = 1,
            ["alice_scalar"] = Label("vector/alice"),
            ["bob"] = "bob/1",
            ["bob_key_id"] = 7,
            ["bob_scalar"] = Label("vector/bob"),
            ["messages"] = new JsonArray(Message("alice/1", "hello bob"), Message("alice/1", "second"), Message("bob/1", "hello alice"), Message("alice/1", "third")),
            ["twins"] = new JsonArray(Twin(0, "flip_sealed"), Twin(1, "counter_plus_one"), Twin(0, "replay"), Twin(2, "key_id_plus_one"), Twin(3, "truncate")),
        };
        yield return new JsonObject
        {
            ["name"] = "sender-key-chain",
            ["kind"] = "chain",
            ["group"] = "g1",
            ["sender"] = "alice/1",
            ["key_id"] = 1,
            ["chain_key"] = Label("vector/chain"),
            ["plaintexts"] = new JsonArray("hi all", "second", "", "fourth"),
            ["twins"] = new JsonArray(Twin(0, "flip_sealed"), Twin(1, "counter_plus_one"), Twin(2, "replay"), Twin(3, "key_id_plus_one")),
        };
        yield return new JsonObject
        {
            ["name"] = "rotation-transition-window",
            ["kind"] = "rotation",
            ["group"] = "g1",
            ["sender"] = "alice/1",
            ["key_1_chain"] = Label("vector/key1"),
            ["key_2_chain"] = Label("vector/key2"),
            ["transition_window_ms"] = 600000,
            ["key_2_learned_at_ms"] = 1750000000000,
            ["reads"] = new JsonArray(Read(2, 1750000000000), Read(1, 1750000599999), Read(1, 1750000600000)),
        };
    }

    private static JsonObject Compute(JsonObject c) => (string?)c["kind"] switch
    {
        "ecdh" => Ecdh(c),
        "hkdf" => new JsonObject { ["okm"] = Hex(HKDF.DeriveKey(HashAlgorithmName.SHA256, Bytes(c, "ikm"), (int)c["length"]!, Bytes(c, "salt"), Bytes(c, "info"))) },
        "pairwise" => SenderKeyVectorCases.Pairwise(c),
        "chain" => SenderKeyVectorCases.Chain(c),
        "rotation" => SenderKeyVectorCases.Rotation(c),
        var other => throw new InvalidOperationException($"unknown case kind {other}"),
    };

    private static JsonObject Ecdh(JsonObject c)
    {
        P256Identity a = P256Identity.FromScalar(Bytes(c, "a_scalar"));
        P256Identity b = P256Identity.FromScalar(Bytes(c, "b_scalar"));
        return new JsonObject { ["a_public"] = a.PublicKey.ToHex(), ["b_public"] = b.PublicKey.ToHex(), ["shared_secret"] = Hex(a.Agree(b.PublicKey)) };
    }

    /// <summary>The node as its text reads back (numbers of one kind, so casts and comparisons behave alike for written and read files).</summary>
    private static JsonNode Normal(JsonNode node) => JsonNode.Parse(node.ToJsonString())!;

    internal static byte[] Bytes(JsonObject c, string field) => Convert.FromHexString((string?)c[field] ?? throw new KeyNotFoundException($"no {field}"));

    internal static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    private static string Label(string label) => Hex(SHA256.HashData(Encoding.UTF8.GetBytes(label)));

    private static JsonObject Message(string from, string text) => new() { ["from"] = from, ["plaintext"] = text };

    private static JsonObject Twin(int of, string change) => new() { ["of"] = of, ["change"] = change };

    private static JsonObject Read(uint keyId, long atMs) => new() { ["key_id"] = keyId, ["at_ms"] = atMs };
}
