using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Vectors;
using X25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace E2eeConformance.Mpenc.Tests.Vectors;

/// <summary>
/// The mpENC vector file (vectors/mpenc_x25519.json, docs/protocols/mpenc-vectors.md): regenerated deterministically and
/// equal to the committed file (rewritten only with VECTORS_REGENERATE=1), verified case by case, every tampered twin
/// refused with its recorded code, and a file with one altered value or input failed by name. Independent checks recompute
/// the seed's formulas (seed 003 §5.2.1 shared secret, MP-3 group key, §5.2.2 sid, §5.3 AES-CTR payload, §5.4 wire text)
/// from the file's own fields without the family's code.
/// </summary>
[TestFixture]
public sealed class MpencVectorTests
{
    /// <summary>The greeting's records from SOURCE on, in layout order (§5.2.3, MP-13): SOURCE … PUB_KEY, PREV_PF, CHAIN_HASH, LATEST_PM, SESSION_SIGNATURE.</summary>
    private static readonly ushort[] Layout = [0x0100, 0x0101, 0x0102, 0x0103, 0x0104, 0x0105, 0x0301, 0x0302, 0x0303, 0x0106];

    private static readonly string[] CaseNames = ["ika-p1-p2-p3", "include-p4", "exclude-p2", "data-p1-p3-p4"];

    private static string CommittedPath([CallerFilePath] string thisFile = "")
    {
        string? dir = Path.GetDirectoryName(thisFile);
        while (dir is not null && !File.Exists(Path.Combine(dir, "E2eeConformance.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir ?? throw new DirectoryNotFoundException("no E2eeConformance.sln above the tests"), "vectors", MpencVectorFile.FileName);
    }

    private static JsonNode Committed() => JsonNode.Parse(File.ReadAllText(CommittedPath()))!;

    private static JsonObject Case(JsonNode root, string name) => (JsonObject)root["cases"]!.AsArray().Single(c => (string?)c!["name"] == name)!;

    private static IEnumerable<TestCaseData> Twins()
    {
        JsonNode root = Committed();
        foreach (string name in CaseNames)
        {
            JsonArray twins = Case(root, name)["outputs"]!["twins"]!.AsArray();
            for (int i = 0; i < twins.Count; i++)
            {
                yield return new TestCaseData(name, i).SetName($"Twin {name} {i}: {twins[i]!["change"]} {twins[i]!["record"]} to {twins[i]!["to"]} is {twins[i]!["expect"]}");
            }
        }
    }

    [Test]
    public void The_committed_file_equals_a_fresh_generation()
    {
        string path = CommittedPath();
        string generated = MpencVectorFile.Generate();
        if (Environment.GetEnvironmentVariable("VECTORS_REGENERATE") == "1")
        {
            File.WriteAllText(path, generated);
        }

        File.Exists(path).Should().BeTrue($"{path} is committed (regenerate with VECTORS_REGENERATE=1 or 'vectors generate')");
        File.ReadAllText(path).Should().Be(generated, "generation is deterministic and the family's bytes must not drift");
        MpencVectorFile.Generate().Should().Be(generated);
    }

    [Test]
    public void Every_case_of_the_committed_file_verifies()
    {
        IReadOnlyList<MpencVectorCase> results = MpencVectorFile.Verify(Committed());
        results.Select(r => r.Case).Should().Equal(CaseNames);
        foreach (MpencVectorCase result in results)
        {
            result.Disagreements.Should().BeEmpty(result.Case);
        }
    }

    [Test]
    public void The_file_has_the_cases_steps_and_twins_the_documentation_lists()
    {
        JsonNode root = Committed();
        Case(root, "ika-p1-p2-p3")["outputs"]!["steps"]!.AsArray().Select(s => (string?)s!["flow"]).Should().Equal("upflow", "upflow", "downflow", "confirmation", "confirmation");
        Case(root, "include-p4")["outputs"]!["steps"]!.AsArray().Select(s => (string?)s!["flow"]).Should().Equal("upflow", "downflow", "confirmation", "confirmation", "confirmation");
        Case(root, "exclude-p2")["outputs"]!["steps"]!.AsArray().Select(s => (string?)s!["flow"]).Should().Equal("downflow", "confirmation", "confirmation");
        Case(root, "data-p1-p3-p4")["outputs"]!["messages"]!.AsArray().Should().HaveCount(3);
        string[] Codes(string name) => [.. Case(root, name)["outputs"]!["twins"]!.AsArray().Select(t => (string)t!["expect"]!)];
        Codes("ika-p1-p2-p3").Should().Equal(
            "bad_signature", "malformed", "wrong_turn", "wrong_turn", "bad_signature", "malformed", "bad_signature", "bad_signature", "bad_signature",
            "contribution_mismatch", "bad_signature", "contribution_mismatch", "not_a_member", "bad_signature", "bad_signature", "not_a_member", "wrong_turn");
        Codes("include-p4").Should().Equal("bad_signature", "wrong_turn", "contribution_mismatch", "bad_signature", "bad_signature", "malformed", "bad_signature", "bad_signature", "replay");
        Codes("exclude-p2").Should().Equal("not_a_member", "bad_signature", "contribution_mismatch", "bad_signature", "bad_signature", "bad_signature", "replay");
        Codes("data-p1-p3-p4").Should().Equal(
            "bad_signature", "bad_signature", "unexpected_record", "malformed", "wrong_session", "malformed", "wrong_session", "bad_signature", "bad_signature",
            "unsupported_version", "unsupported_version", "malformed");
    }

    [TestCaseSource(nameof(Twins))]
    public void Each_twin_is_refused_with_its_code_and_another_recorded_code_fails(string name, int index)
    {
        JsonNode root = Committed();
        string expect = (string)Case(root, name)["outputs"]!["twins"]![index]!["expect"]!;
        MpencErrorCodes.All.Should().Contain(expect);
        string other = expect == "malformed" ? "bad_signature" : "malformed";
        Case(root, name)["outputs"]!["twins"]![index]!["expect"] = other;
        MpencVectorCase result = MpencVectorFile.Verify(root).Single(r => r.Case == name);
        result.Disagreements.Should().Equal($"outputs.twins[{index}].expect differs: recorded \"{other}\", computed \"{expect}\"");
    }

    [Test]
    public void An_altered_output_fails_its_case_by_name_and_the_others_still_pass()
    {
        JsonNode root = Committed();
        JsonNode step = Case(root, "ika-p1-p2-p3")["outputs"]!["steps"]![2]!;
        string key = (string)step["intermediate_keys"]![0]!;
        step["intermediate_keys"]![0] = (key[0] == '0' ? "1" : "0") + key[1..];
        Case(root, "data-p1-p3-p4")["outputs"]!["messages"]![1]!["reads"]![0]!["body"] = "something else";
        IReadOnlyList<MpencVectorCase> results = MpencVectorFile.Verify(root);
        results[0].Disagreements.Should().ContainSingle().Which.Should().StartWith("outputs.steps[2].intermediate_keys[0] differs");
        results[1].Passed.Should().BeTrue();
        results[2].Passed.Should().BeTrue();
        results[3].Disagreements.Should().ContainSingle().Which.Should().StartWith("outputs.messages[1].reads[0].body differs");
    }

    [Test]
    public void An_altered_input_changes_the_outputs_and_fails()
    {
        JsonNode root = Committed();
        JsonNode draws = Case(root, "exclude-p2")["random"]!["p3"]!;
        string nonce = (string)draws["nonce"]!;
        draws["nonce"] = (nonce[0] == '0' ? "1" : "0") + nonce[1..];
        MpencVectorCase result = MpencVectorFile.Verify(root).Single(r => r.Case == "exclude-p2");
        result.Disagreements.Should().Contain(d => d.StartsWith("outputs.steps[0].nonces", StringComparison.Ordinal));
        result.Disagreements.Should().Contain(d => d.StartsWith("outputs.parties[0].sid differs", StringComparison.Ordinal));
    }

    [TestCase("random", null, "cannot read the case: no object field random")]
    [TestCase("kind", "refresh", "cannot read the case: unknown case kind refresh")]
    [TestCase("after", "nowhere", "cannot read the case: case nowhere does not come before this one")]
    [TestCase("initiator", "p9", "cannot read the case: no participant p9")]
    public void A_case_that_cannot_be_read_fails_with_the_reason(string field, string? value, string reason)
    {
        JsonNode root = Committed();
        JsonObject include = Case(root, "include-p4");
        if (value is null)
        {
            include.Remove(field);
        }
        else
        {
            include[field] = value;
        }

        MpencVectorFile.Verify(root).Single(r => r.Case == "include-p4").Disagreements.Should().Equal(reason);
    }

    [Test]
    public void Unreadable_inputs_are_reported_not_thrown()
    {
        JsonNode root = Committed();
        Case(root, "ika-p1-p2-p3")["static_keys"]!["p2"] = "00";
        IReadOnlyList<MpencVectorCase> results = MpencVectorFile.Verify(root);
        results[0].Disagreements.Should().Equal("cannot read the case: malformed: a static identity key is 32 bytes");
        results[1].Disagreements.Should().Equal("cannot read the case: it follows ika-p1-p2-p3, which cannot be read");

        root = Committed();
        Case(root, "data-p1-p3-p4")["twins"]![0]!["record"] = "NO_SUCH_RECORD";
        Case(root, "exclude-p2")["random"]!["p3"]!["nonce"] = "zz";
        Case(root, "include-p4")["twins"]![0]!["index"] = 9;
        results = MpencVectorFile.Verify(root);
        results[1].Disagreements.Should().Equal("cannot read the case: the packet has 4 INT_KEY records; there is no record 9");
        results[2].Disagreements.Should().ContainSingle().Which.Should().StartWith("cannot read the case:");
        results[3].Disagreements.Should().Equal("cannot read the case: it follows exclude-p2, which cannot be read");

        root = Committed();
        Case(root, "data-p1-p3-p4")["twins"]![0]!["record"] = "NO_SUCH_RECORD";
        MpencVectorFile.Verify(root)[3].Disagreements.Should().Equal("cannot read the case: unknown record name NO_SUCH_RECORD");
        MpencVectorFile.Verify(new JsonObject { ["family"] = "mpenc" }).Single().Disagreements.Should().Equal("no cases array");
    }

    [Test]
    public void A_twin_that_would_be_accepted_fails_verification()
    {
        JsonNode root = Committed();
        JsonObject twin = Case(root, "ika-p1-p2-p3")["twins"]![2]!.AsObject();
        twin["to"] = "p2"; // the genuine upflow to its own receiver: accepted
        MpencVectorFile.Verify(root)[0].Disagreements.Should().Contain("outputs.twins[2] is accepted, not refused");
    }

    [Test]
    public void The_agreement_outputs_follow_the_seeds_formulas_computed_independently()
    {
        JsonNode root = Committed();
        JsonNode ika = Case(root, "ika-p1-p2-p3");
        byte[][] x = [.. new[] { "p1", "p2", "p3" }.Select(p => Hex(ika["random"]![p]!["contribution"]!))];
        byte[] g = new byte[32];
        g[0] = 9;
        byte[] secret = Mul(x[2], Mul(x[1], Mul(x[0], g)));
        JsonArray steps = ika["outputs"]!["steps"]!.AsArray();
        Hexes(steps[0]!["intermediate_keys"]!).Should().BeEquivalentTo(new[] { g, Mul(x[0], g) }, o => o.WithStrictOrdering());
        Hexes(steps[2]!["intermediate_keys"]!).Should().BeEquivalentTo(new[] { Mul(x[2], Mul(x[1], g)), Mul(x[2], Mul(x[0], g)), Mul(x[1], Mul(x[0], g)) }, o => o.WithStrictOrdering());
        byte[] groupKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 16, [], "mpenc group key"u8.ToArray());
        foreach (JsonNode? party in ika["outputs"]!["parties"]!.AsArray())
        {
            Hex(party!["shared_secret"]!).Should().Equal(secret);
            Hex(party["group_key"]!).Should().Equal(groupKey);
        }

        byte[] nonces = [.. Hexes(steps[2]!["nonces"]!).SelectMany(n => n)];
        Hex(steps[2]!["sid"]!).Should().Equal(SHA256.HashData([.. "p1p2p3"u8, .. nonces]));
        foreach (JsonNode? step in steps)
        {
            byte[] packet = Hex(step!["packet"]!);
            Hex(step["packet_id"]!).Should().Equal(SHA256.HashData(packet));
            ((string)step["wire"]!).Should().Be("?mpENC:" + Convert.ToBase64String(packet) + ".");
        }
    }

    [Test]
    public void The_greetings_carry_the_sessions_chain_records_and_the_chain_hash_follows_independently()
    {
        JsonNode root = Committed();
        string? lastFinal = null;
        byte[] chain = new byte[32];
        foreach (string name in CaseNames[..3])
        {
            JsonNode c = Case(root, name);
            JsonArray steps = c["outputs"]!["steps"]!.AsArray();
            byte[][] packets = [.. steps.Select(s => Hex(s!["packet"]!))];
            string[] ids = [.. packets.Select(p => Convert.ToHexStringLower(SHA256.HashData(p)))];
            List<(ushort Type, byte[] Value)> initial = Records(packets[0]);
            string[] members = [.. initial.Where(r => r.Type == 0x0102).Select(r => Encoding.UTF8.GetString(r.Value))];
            var acknowledged = new HashSet<string>();
            int final = -1;
            for (int i = 0; i < packets.Length; i++)
            {
                List<(ushort Type, byte[] Value)> records = Records(packets[i]);
                ushort[] types = [.. records.Select(r => r.Type)];
                byte[][] prevPf = [.. records.Where(r => r.Type == 0x0301).Select(r => r.Value)];
                byte[][] chainHash = [.. records.Where(r => r.Type == 0x0302).Select(r => r.Value)];
                byte[][] latest = [.. records.Where(r => r.Type == 0x0303).Select(r => r.Value)];
                string? expectedPrev = i == 0 ? lastFinal : ids[0];
                prevPf.Select(Convert.ToHexStringLower).Should().Equal(expectedPrev is null ? [] : [expectedPrev], $"{name} step {i} names {(i == 0 ? "the previous final packet" : "its initial packet")}");
                chainHash.Should().BeEquivalentTo(i == 0 ? [chain] : System.Array.Empty<byte[]>(), o => o.WithStrictOrdering(), $"{name} step {i}");
                latest.Select(Convert.ToHexStringLower).Should().Equal(i == 0 ? [.. c["latest_pm"]!.AsArray().Select(l => (string)l!).Order(StringComparer.Ordinal)] : System.Array.Empty<string>());
                // Layout (§5.2.3, MP-13): the chain records after PUB_KEY and before SESSION_SIGNATURE.
                types.Where(Layout.Contains).Select(t => System.Array.IndexOf(Layout, t)).Should().BeInAscendingOrder($"{name} step {i} follows the layout");
                if ((string?)steps[i]!["flow"] != "upflow" && members.Contains(Encoding.UTF8.GetString(records.Single(r => r.Type == 0x0100).Value)))
                {
                    acknowledged.Add(Encoding.UTF8.GetString(records.Single(r => r.Type == 0x0100).Value));
                }

                final = final < 0 && members.All(acknowledged.Contains) ? i : final;
            }

            chain = SHA256.HashData([.. chain, .. Convert.FromHexString(ids[0]), .. Convert.FromHexString(ids[final])]);
            lastFinal = ids[final];
            JsonNode outputs = c["outputs"]!["chain"]!;
            ((int)outputs["final_step"]!).Should().Be(final);
            ((string)outputs["initial_id"]!).Should().Be(ids[0]);
            ((string)outputs["final_id"]!).Should().Be(lastFinal);
            Hex(outputs["chain_hash"]!).Should().Equal(chain);
        }

        JsonNode twin = Case(root, "include-p4")["outputs"]!["twins"]!.AsArray().Single(t => (string?)t!["change"] == "prev_pf")!;
        byte[] genuine = Hex(Case(root, "include-p4")["outputs"]!["steps"]![1]!["packet"]!);
        Records(Hex(twin["packet"]!)).Single(r => r.Type == 0x0301).Value.Should().Equal(Hex(Case(root, "ika-p1-p2-p3")["outputs"]!["chain"]!["initial_id"]!));
        Records(Hex(twin["packet"]!)).Where(r => r.Type != 0x0301).Should().BeEquivalentTo(Records(genuine).Where(r => r.Type != 0x0301), o => o.WithStrictOrdering());
    }

    [Test]
    public void The_data_payloads_decrypt_with_aes_128_ctr_and_the_parents_are_packet_ids()
    {
        JsonArray messages = Case(Committed(), "data-p1-p3-p4")["outputs"]!["messages"]!.AsArray();
        for (int i = 0; i < messages.Count; i++)
        {
            JsonNode m = messages[i]!;
            Ctr(Hex(m["group_key"]!), Hex(m["iv"]!), Hex(m["payload"]!)).Should().Equal(Hex(m["payload_plaintext"]!));
            Hex(m["sidkey_hash"]!).Should().Equal(SHA256.HashData([.. Hex(m["sid"]!), .. Hex(m["group_key"]!)]));
            Hex(m["signature_input"]!).Take(10).Should().Equal("datamsgsig"u8.ToArray());
        }

        Hexes(messages[2]!["parents"]!).Should().BeEquivalentTo(new[] { SHA256.HashData(Hex(messages[0]!["packet"]!)), SHA256.HashData(Hex(messages[1]!["packet"]!)) }, o => o.WithStrictOrdering());
        Hex(messages[2]!["padded_body"]!).Should().HaveCount(256);
        string body = (string)messages[2]!["reads"]![0]!["body"]!;
        Encoding.UTF8.GetByteCount(body).Should().BeGreaterThan(126);
    }

    private static byte[] Mul(byte[] scalar, byte[] point)
    {
        byte[] result = new byte[32];
        X25519.ScalarMult(scalar, 0, point, 0, result, 0);
        return result;
    }

    private static byte[] Ctr(byte[] key, byte[] iv, byte[] input)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        byte[] counter = (byte[])iv.Clone(), output = new byte[input.Length];
        for (int offset = 0; offset < input.Length; offset += 16)
        {
            byte[] stream = aes.EncryptEcb(counter, PaddingMode.None);
            for (int i = 0; i < Math.Min(16, input.Length - offset); i++)
            {
                output[offset + i] = (byte)(input[offset + i] ^ stream[i]);
            }

            for (int i = 15; i >= 0; i--)
            {
                counter[i] = unchecked((byte)(counter[i] + 1));
                if (counter[i] != 0)
                {
                    break;
                }
            }
        }

        return output;
    }

    /// <summary>TLV records (§5.4): a 2-byte type, a 2-byte length, both big-endian, and the value.</summary>
    private static List<(ushort Type, byte[] Value)> Records(byte[] packet)
    {
        var records = new List<(ushort, byte[])>();
        for (int at = 0; at < packet.Length;)
        {
            int length = (packet[at + 2] << 8) | packet[at + 3];
            records.Add(((ushort)((packet[at] << 8) | packet[at + 1]), packet[(at + 4)..(at + 4 + length)]));
            at += 4 + length;
        }

        return records;
    }

    private static byte[] Hex(JsonNode node) => Convert.FromHexString((string)node!);

    private static byte[][] Hexes(JsonNode node) => [.. node.AsArray().Select(n => Hex(n!))];
}
