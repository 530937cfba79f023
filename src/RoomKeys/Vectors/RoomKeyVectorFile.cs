using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Errors;
using Google.Protobuf;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace E2eeConformance.RoomKeys.Vectors;

/// <summary>
/// The family's JSON vectors (<c>vectors/room-keys_rsa.json</c>, documented in vectors/README.md): every case states its
/// inputs and the outputs this engine computes from them. <see cref="Generate"/> writes the file; <see cref="Verify"/>
/// recomputes each case's outputs from its inputs and names every output that disagrees. Tampered twins state the
/// change and the stable code expected (<c>bad_room_key</c>, <c>bad_tag</c>, <c>malformed</c>). The RSA key pair is
/// generated once, from a stream the file names, and stated as its CRT components, so verifying needs no key generation.
/// </summary>
public static class RoomKeyVectorFile
{
    /// <summary>The value of the file's <c>family</c> field.</summary>
    public const string Family = "room-keys";

    /// <summary>The file name in <c>vectors/</c>.</summary>
    public const string FileName = "room-keys_rsa.json";

    /// <summary>The label of the stream the file's 2048-bit key pair was generated from (<see cref="StreamRandom"/>).</summary>
    internal const string KeyStream = "e2ee-conformance/room-keys/v1/vector/rsa-2048";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly Lazy<RsaPrivateCrtKeyParameters> Key = new(() => (RsaPrivateCrtKeyParameters)RsaIdentity.Generate(new StreamRandom(KeyStream), 2048).PrivateParameters);

    /// <summary>Whether <paramref name="root"/> is a room-key vector file.</summary>
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
            ["description"] = "Room keys over RSA (seed 002), decisions RK-1..RK-5 of docs/protocols/room-keys.md: a room key wrapped with RSA-OAEP SHA-256 under a 2048-bit key, room messages under AES-256-GCM, and one distribution exchange on the wire (protobuf), each with tampered twins. Bytes are lower-case hex; each case states its inputs, and its outputs follow from them.",
            ["cases"] = cases,
        };
        return root.ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    /// <summary>Checks every case of a file; a case whose inputs cannot be read fails with the reason.</summary>
    public static IReadOnlyList<RoomKeyVectorCase> Verify(JsonNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root["cases"] is not JsonArray cases)
        {
            return [new RoomKeyVectorCase("file", ["no cases array"])];
        }

        var results = new List<RoomKeyVectorCase>();
        foreach (JsonNode? node in cases)
        {
            string name = node is JsonObject named && named["name"] is JsonValue value && value.TryGetValue(out string? text) ? text : "(unnamed)";
            try
            {
                var inputs = (JsonObject)Normal(node!);
                JsonNode? recorded = inputs["outputs"];
                inputs.Remove("outputs");
                var computed = (JsonObject)Normal(Compute(inputs));
                results.Add(new RoomKeyVectorCase(name, [.. computed.Select(kv => kv.Key).Where(k => recorded?[k]?.ToJsonString() != computed[k]?.ToJsonString()).Select(k => $"{k} differs")]));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or NullReferenceException or InvalidCastException or ArgumentException or ArithmeticException or InvalidProtocolBufferException or RoomKeyException)
            {
                results.Add(new RoomKeyVectorCase(name, [$"cannot read the case: {e.Message}"]));
            }
        }

        return results;
    }

    private static IEnumerable<JsonObject> Inputs()
    {
        string roomKey = Label("vector/room-key");
        yield return new JsonObject
        {
            ["name"] = "room-key-rsa-oaep-2048",
            ["kind"] = "room_key",
            ["key_source"] = $"RsaIdentity.Generate(2048) drawing from the stream labelled {KeyStream} (vectors/README.md)",
            ["rsa_key"] = Components(Key.Value),
            ["room"] = "room-1",
            ["generation"] = 3,
            ["room_key"] = roomKey,
            ["oaep_seed"] = Label("vector/oaep-seed"),
            ["twins"] = new JsonArray(Twin("flip"), Twin("generation", 4), Twin("room", "room-2"), Twin("truncate", 255)),
        };
        yield return new JsonObject
        {
            ["name"] = "room-message",
            ["kind"] = "message",
            ["room_key"] = roomKey,
            ["room"] = "room-1",
            ["sender"] = "alice",
            ["generation"] = 3,
            ["nonce"] = Label("vector/nonce")[..(2 * RoomMessageCipher.NonceLength)],
            ["plaintext"] = "hello room",
            ["twins"] = new JsonArray(Twin("flip"), Twin("sender", "mallory"), Twin("generation", 4), Twin("room", "room-2"), Twin("truncate", 27)),
        };
        yield return new JsonObject
        {
            ["name"] = "room-message-empty",
            ["kind"] = "message",
            ["room_key"] = roomKey,
            ["room"] = "room-1",
            ["sender"] = "bob",
            ["generation"] = 3,
            ["nonce"] = Label("vector/nonce-empty")[..(2 * RoomMessageCipher.NonceLength)],
            ["plaintext"] = "",
            ["twins"] = new JsonArray(Twin("flip"), Twin("truncate", 27)),
        };
        yield return new JsonObject
        {
            ["name"] = "distribution-invite-send-room-key",
            ["kind"] = "exchange",
            ["sender"] = "alice",
            ["recipient"] = "bob",
            ["rsa_key"] = Components(Key.Value),
            ["room"] = "room-1",
            ["generation"] = 1,
            ["room_key"] = Label("vector/room-key-exchange"),
            ["oaep_seed"] = Label("vector/oaep-seed-exchange"),
            ["server_time_ms"] = 1750000000000,
            ["twins"] = new JsonArray(Twin("flip"), Twin("generation", 2), Twin("room", "room-2"), Twin("truncate", 255)),
        };
    }

    private static JsonObject Compute(JsonObject c) => (string?)c["kind"] switch
    {
        "room_key" => RoomKeyVectorCases.WrappedRoomKey(c),
        "message" => RoomKeyVectorCases.Message(c),
        "exchange" => RoomKeyVectorCases.Exchange(c),
        var other => throw new InvalidOperationException($"unknown case kind {other}"),
    };

    /// <summary>The node as its text reads back (numbers of one kind, so casts and comparisons behave alike for written and read files).</summary>
    private static JsonNode Normal(JsonNode node) => JsonNode.Parse(node.ToJsonString())!;

    internal static byte[] Bytes(JsonNode c, string field) => Convert.FromHexString((string?)c[field] ?? throw new KeyNotFoundException($"no {field}"));

    internal static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>The key pair a case states (<c>rsa_key</c>), its components checked against one another.</summary>
    internal static RsaIdentity Identity(JsonObject c)
    {
        JsonNode k = c["rsa_key"] ?? throw new KeyNotFoundException("no rsa_key");
        return RsaIdentity.FromCrtComponents(Bytes(k, "n"), Bytes(k, "e"), Bytes(k, "d"), Bytes(k, "p"), Bytes(k, "q"), Bytes(k, "dp"), Bytes(k, "dq"), Bytes(k, "qinv"));
    }

    private static JsonObject Components(RsaPrivateCrtKeyParameters k) => new()
    {
        ["n"] = Big(k.Modulus),
        ["e"] = Big(k.PublicExponent),
        ["d"] = Big(k.Exponent),
        ["p"] = Big(k.P),
        ["q"] = Big(k.Q),
        ["dp"] = Big(k.DP),
        ["dq"] = Big(k.DQ),
        ["qinv"] = Big(k.QInv),
    };

    private static string Big(BigInteger value) => Hex(value.ToByteArrayUnsigned());

    private static string Label(string label) => Hex(SHA256.HashData(Encoding.UTF8.GetBytes(label)));

    private static JsonObject Twin(string change) => new() { ["change"] = change };

    private static JsonObject Twin(string change, JsonNode value) => new() { ["change"] = change, ["value"] = value };
}
