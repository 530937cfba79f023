using System.Security.Cryptography;
using System.Text;
using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Errors;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Tests.Aske;

/// <summary>
/// The authenticated signature key exchange of seed 003 §5.2.2 against the document's examples: the collection upflows
/// u1–u3 and the downflow d4 of four participants, every acknowledgement, sid = SHA-256 of the sorted ids and their
/// nonces, each session signature over "acksig" ‖ pid ‖ E ‖ k ‖ sid checked with Ed25519 directly; the inclusion of p5
/// (u1′ carries the existing nonces and keys, d5′ all of them) and an exclusion (the initiator's nonce renewed, a new
/// sid). Misstated contributions, foreign keys and replayed acknowledgements are refused by name.
/// </summary>
[TestFixture]
public sealed class AskeExchangeTests
{
    private static readonly string[] Ids = ["p1", "p2", "p3", "p4", "p5"];

    private static byte[] StaticSecret(string id) => SHA256.HashData(Encoding.UTF8.GetBytes($"static/{id}"));

    private static readonly Dictionary<string, byte[]> StaticKeys = Ids.ToDictionary(id => id, id =>
    {
        byte[] publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(StaticSecret(id), 0, publicKey, 0);
        return publicKey;
    });

    /// <summary>Delivers each broadcast to every member but its sender until no acknowledgement is left.</summary>
    private static void Broadcast(Dictionary<string, AskeMember> members, AskeFlow first)
    {
        var pending = new Queue<AskeFlow>([first]);
        while (pending.TryDequeue(out AskeFlow? flow))
        {
            foreach (string id in members.Keys.Where(id => id != flow.Source && (flow.Members.Count == 0 || flow.Members.Contains(id))).ToList())
            {
                (members[id], AskeFlow? ack) = members[id].OnDownflow(flow, StaticKeys);
                if (ack is not null)
                {
                    pending.Enqueue(ack);
                }
            }
        }
    }

    private static (Dictionary<string, AskeMember> Members, AskeFlow[] Upflows, AskeFlow Downflow) ExchangeAmongFour()
    {
        var random = new SeededRandom("aske");
        Dictionary<string, AskeMember> p = Ids.Take(4).ToDictionary(id => id, id => AskeMember.New(id, StaticSecret(id)));
        (p["p1"], AskeFlow u1) = p["p1"].StartExchange(["p2", "p3", "p4"], random);
        (p["p2"], AskeFlow u2) = p["p2"].OnUpflow(u1, random);
        (p["p3"], AskeFlow u3) = p["p3"].OnUpflow(u2, random);
        (p["p4"], AskeFlow d4) = p["p4"].OnUpflow(u3, random);
        Broadcast(p, d4);
        return (p, [u1, u2, u3], d4);
    }

    [Test]
    public void Four_participants_collect_acknowledge_and_verify_as_the_document_shows()
    {
        (Dictionary<string, AskeMember> p, AskeFlow[] u, AskeFlow d4) = ExchangeAmongFour();
        u.Select(f => f.Nonces.Count).Should().Equal(1, 2, 3);
        u.Select(f => f.EphemeralKeys.Count).Should().Equal(1, 2, 3);
        u.Should().OnlyContain(f => f.Kind == AskeFlowKind.Upflow && f.SessionSignature == null && f.Members.SequenceEqual(Ids.Take(4)));
        d4.Kind.Should().Be(AskeFlowKind.Downflow);
        d4.Source.Should().Be("p4");
        d4.Nonces.Should().HaveCount(4);

        byte[] sid = SHA256.HashData([.. "p1p2p3p4"u8.ToArray(), .. d4.Nonces.SelectMany(n => n)]);
        p.Values.Should().OnlyContain(m => m.IsComplete && m.SessionId!.SequenceEqual(sid));
        byte[] m4 = [.. "acksig"u8.ToArray(), .. "p4"u8.ToArray(), .. d4.EphemeralKeys[3], .. d4.Nonces[3], .. sid];
        Ed25519.Verify(d4.SessionSignature, 0, StaticKeys["p4"], 0, m4, 0, m4.Length).Should().BeTrue();
    }

    [Test]
    public void The_session_id_sorts_the_ids_and_keeps_each_nonce_with_its_id()
    {
        // Ordinal order puts "Z" (0x5A) before "a" (0x61), where a culture's order would not.
        byte[] a = [.. Enumerable.Repeat((byte)1, 32)], b = [.. Enumerable.Repeat((byte)2, 32)];
        AskeMember.ComputeSessionId(["a", "Z"], [a, b]).Should().Equal(SHA256.HashData([.. "Za"u8.ToArray(), .. b, .. a]));
    }

    [Test]
    public void Including_p5_sends_the_existing_contributions_on_and_everyone_verifies_the_new_session()
    {
        (Dictionary<string, AskeMember> p, _, AskeFlow d4) = ExchangeAmongFour();
        byte[] before = p["p1"].SessionId!;
        (p["p1"], AskeFlow u1Prime) = p["p1"].Include(["p5"]);
        u1Prime.Members.Should().Equal(Ids);
        u1Prime.Nonces.Should().BeEquivalentTo(d4.Nonces, o => o.WithStrictOrdering());
        p["p5"] = AskeMember.New("p5", StaticSecret("p5"));
        (p["p5"], AskeFlow d5) = p["p5"].OnUpflow(u1Prime, new SeededRandom("p5"));
        d5.Nonces.Should().HaveCount(5);
        Broadcast(p, d5);
        p.Values.Should().OnlyContain(m => m.IsComplete && m.SessionId!.SequenceEqual(p["p5"].SessionId!));
        p["p5"].SessionId.Should().NotEqual(before);
    }

    [Test]
    public void An_exclusion_renews_the_initiators_nonce_and_an_old_acknowledgement_no_longer_verifies()
    {
        (Dictionary<string, AskeMember> p, _, AskeFlow d4) = ExchangeAmongFour();
        byte[] before = p["p2"].SessionId!;
        byte[] oldNonce = p["p2"].Nonces[1];
        (AskeMember p2, AskeFlow exclusion) = p["p2"].Exclude(["p3"], new SeededRandom("exclude"));
        exclusion.Members.Should().Equal("p1", "p2", "p4");
        exclusion.Nonces[1].Should().NotEqual(oldNonce, "the initiator must renew its nonce");
        var rest = new Dictionary<string, AskeMember> { ["p1"] = p["p1"], ["p2"] = p2, ["p4"] = p["p4"] };
        Broadcast(rest, exclusion);
        rest.Values.Should().OnlyContain(m => m.IsComplete && !m.SessionId!.SequenceEqual(before));

        AskeFlow replayed = d4 with { Members = [], Nonces = [], EphemeralKeys = [] };
        FluentActions.Invoking(() => rest["p1"].OnDownflow(replayed, StaticKeys)).Should().Throw<MpencException>().Which.Code.Should().Be(MpencErrorCode.BadSignature);
    }

    [Test]
    public void A_replayed_old_session_is_refused_after_an_exclusion_and_a_repeated_downflow_changes_nothing()
    {
        (Dictionary<string, AskeMember> p, _, AskeFlow d4) = ExchangeAmongFour();
        (AskeMember p1, AskeFlow exclusion) = p["p1"].Exclude(["p4"], new SeededRandom("exclude p4"));
        var rest = new Dictionary<string, AskeMember> { ["p1"] = p1, ["p2"] = p["p2"], ["p3"] = p["p3"] };
        Broadcast(rest, exclusion);
        rest["p2"].PastSessions.Should().ContainSingle();
        FluentActions.Invoking(() => rest["p2"].OnDownflow(d4, StaticKeys)).Should().Throw<MpencException>().Which.Code.Should().Be(MpencErrorCode.Replay);

        (AskeMember again, AskeFlow? ack) = rest["p2"].OnDownflow(exclusion, StaticKeys);
        ack.Should().BeNull("it acknowledged this session already");
        again.SessionId.Should().Equal(rest["p2"].SessionId);
        again.IsComplete.Should().BeTrue();
    }

    [Test]
    public void Including_two_at_once_collects_both_and_arrays_handed_out_are_copies()
    {
        (Dictionary<string, AskeMember> p, _, _) = ExchangeAmongFour();
        (_, AskeFlow up) = p["p3"].Include(["p5", "p6"]);
        up.Nonces[0][0] ^= 1;
        p["p3"].Nonces[0][0] ^= 1;
        p["p3"].IsComplete.Should().BeTrue("changing handed-out arrays changes no member");
        (_, up) = p["p3"].Include(["p5", "p6"]);
        Dictionary<string, byte[]> keys = new(StaticKeys) { ["p6"] = PublicOf("p6") };
        p["p5"] = AskeMember.New("p5", StaticSecret("p5"));
        p["p6"] = AskeMember.New("p6", StaticSecret("p6"));
        (p["p5"], AskeFlow up2) = p["p5"].OnUpflow(up, new SeededRandom("p5"));
        up2.Kind.Should().Be(AskeFlowKind.Upflow);
        (p["p6"], AskeFlow d6) = p["p6"].OnUpflow(up2, new SeededRandom("p6"));
        var pending = new Queue<AskeFlow>([d6]);
        while (pending.TryDequeue(out AskeFlow? flow))
        {
            foreach (string id in p.Keys.Where(id => id != flow.Source).ToList())
            {
                (p[id], AskeFlow? ack) = p[id].OnDownflow(flow, keys);
                if (ack is not null)
                {
                    pending.Enqueue(ack);
                }
            }
        }

        p.Values.Should().OnlyContain(m => m.IsComplete && m.Members.Count == 6 && m.SessionId!.SequenceEqual(p["p6"].SessionId!));
    }

    private static byte[] PublicOf(string id)
    {
        byte[] publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(StaticSecret(id), 0, publicKey, 0);
        return publicKey;
    }

    [Test]
    public void Misstated_contributions_foreign_keys_and_strangers_are_refused_by_name()
    {
        var random = new SeededRandom("refusals");
        Dictionary<string, AskeMember> p = Ids.Take(3).ToDictionary(id => id, id => AskeMember.New(id, StaticSecret(id)));
        (p["p1"], AskeFlow u1) = p["p1"].StartExchange(["p2", "p3"], random);
        (p["p2"], AskeFlow u2) = p["p2"].OnUpflow(u1, random);
        (_, AskeFlow d3) = p["p3"].OnUpflow(u2, random);

        void Refused(Func<object> act, MpencErrorCode code) => FluentActions.Invoking(act).Should().Throw<MpencException>().Which.Code.Should().Be(code);

        byte[] altered = (byte[])d3.Nonces[0].Clone();
        altered[0] ^= 1;
        Refused(() => p["p1"].OnDownflow(d3 with { Nonces = [altered, d3.Nonces[1], d3.Nonces[2]] }, StaticKeys), MpencErrorCode.ContributionMismatch);
        Refused(() => p["p2"].OnDownflow(d3 with { Nonces = [altered, d3.Nonces[1], d3.Nonces[2]] }, StaticKeys), MpencErrorCode.BadSignature);
        Refused(() => p["p1"].OnDownflow(d3, new Dictionary<string, byte[]> { ["p3"] = StaticKeys["p1"] }), MpencErrorCode.BadSignature);
        Refused(() => AskeMember.New("p9", StaticSecret("p9")).OnDownflow(d3, StaticKeys), MpencErrorCode.NotAMember);
        Refused(() => p["p1"].OnUpflow(u1, random), MpencErrorCode.WrongTurn);
        Refused(() => p["p1"].OnDownflow(d3 with { SessionSignature = new byte[10] }, StaticKeys), MpencErrorCode.Malformed);
        Refused(() => p["p1"].OnDownflow(d3 with { Nonces = [d3.Nonces[0]] }, StaticKeys), MpencErrorCode.Malformed);
        Refused(() => p["p1"].Exclude(["p2"], random), MpencErrorCode.WrongTurn);
        Refused(() => p["p1"].OnDownflow(d3 with { Nonces = null! }, StaticKeys), MpencErrorCode.Malformed);

        (AskeMember p1, AskeFlow? ack) = p["p1"].OnDownflow(d3, StaticKeys);
        ack.Should().NotBeNull();
        p1.Verified.Should().BeEquivalentTo(["p1", "p3"]);
        p["p1"].Verified.Should().BeEmpty("a refusal or an acceptance never changes the member it was called on");
    }
}
