using System.Security.Cryptography;
using System.Text;
using CsCheck;
using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Errors;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Tests.BadInput;

/// <summary>
/// ASKE key refresh (seed 003 §5.2.2 with §5.2.1's refresh): any member of a completed exchange, any number of times,
/// renews its own nonce and so the session id — its signature over the new sid checked with Ed25519 directly, the old
/// session's first downflow then a <c>replay</c> and its acknowledgements <c>bad_signature</c> — and everyone completes
/// on the new sid; before completion a refresh is <c>wrong_turn</c>, as is an acknowledgement before any session
/// (MP-12); and the member lists of an inclusion, exclusion or start are checked before anything changes.
/// </summary>
[TestFixture]
public sealed class AskeRefreshAndTurnTests
{
    private static readonly string[] Ids = ["p1", "p2", "p3", "p4"];

    private static byte[] StaticSecret(string id) => SHA256.HashData(Encoding.UTF8.GetBytes($"static/{id}"));

    private static readonly Dictionary<string, byte[]> StaticKeys = Ids.ToDictionary(id => id, id =>
    {
        byte[] publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(StaticSecret(id), 0, publicKey, 0);
        return publicKey;
    });

    /// <summary>Delivers <paramref name="first"/> and every acknowledgement it brings to the rest of <paramref name="p"/>; every member it met is recorded in <paramref name="seen"/>.</summary>
    private static List<AskeFlow> Broadcast(Dictionary<string, AskeMember> p, AskeFlow first, List<AskeMember>? seen = null)
    {
        List<AskeFlow> sent = [first];
        var pending = new Queue<AskeFlow>(sent);
        while (pending.TryDequeue(out AskeFlow? flow))
        {
            foreach (string id in p.Keys.Where(id => id != flow.Source).ToList())
            {
                seen?.Add(p[id]);
                (p[id], AskeFlow? ack) = p[id].OnDownflow(flow, StaticKeys);
                if (ack is not null)
                {
                    sent.Add(ack);
                    pending.Enqueue(ack);
                }
            }
        }

        return sent;
    }

    /// <summary>A completed exchange among p1–p4; <paramref name="seen"/> gets every state a member passed through.</summary>
    private static (Dictionary<string, AskeMember> Members, List<AskeFlow> Downflows) Exchange(List<AskeMember>? seen = null)
    {
        var random = new SeededRandom("bad-input/aske refresh");
        Dictionary<string, AskeMember> p = Ids.ToDictionary(id => id, id => AskeMember.New(id, StaticSecret(id)));
        seen?.AddRange(p.Values);
        (p["p1"], AskeFlow f) = p["p1"].StartExchange(Ids[1..], random);
        foreach (string id in Ids[1..])
        {
            seen?.Add(p[id]);
            (p[id], f) = p[id].OnUpflow(f, random);
        }

        seen?.AddRange(p.Values);
        List<AskeFlow> downflows = Broadcast(p, f, seen);
        p.Values.Should().OnlyContain(m => m.IsComplete);
        return (p, downflows);
    }

    private static string Sid(AskeMember member) => Convert.ToHexString(member.SessionId!);

    [Test]
    public void Refreshes_by_any_members_renew_the_session_id_and_everyone_completes_on_it()
    {
        Gen.Int[0, Ids.Length - 1].Array[1, 3].Sample(refreshers =>
        {
            (Dictionary<string, AskeMember> p, List<AskeFlow> previous) = Exchange();
            var random = new SeededRandom($"bad-input/refreshes/{string.Join(",", refreshers)}");
            foreach (string id in refreshers.Select(i => Ids[i]))
            {
                AskeMember before = p[id];
                string snapshot = Snapshot.Of(before), oldSid = Sid(before);
                (AskeMember refreshed, AskeFlow downflow) = before.Refresh(random);
                Snapshot.Of(before).Should().Be(snapshot, "a refresh returns a new member");

                int own = Array.IndexOf(Ids, id);
                refreshed.Members.Should().Equal(before.Members);
                refreshed.EphemeralKeys.Should().BeEquivalentTo(before.EphemeralKeys, o => o.WithStrictOrdering(), "the ephemeral keys stay (MP-14)");
                refreshed.Nonces.Where((_, i) => i != own).Should().BeEquivalentTo(before.Nonces.Where((_, i) => i != own), o => o.WithStrictOrdering());
                refreshed.Nonces[own].Should().NotEqual(before.Nonces[own], "the refresher renews its nonce");
                byte[] sid = SHA256.HashData([.. Encoding.UTF8.GetBytes(string.Concat(Ids)), .. refreshed.Nonces.SelectMany(n => n)]);
                refreshed.SessionId.Should().Equal(sid);
                Sid(refreshed).Should().NotBe(oldSid);
                refreshed.PastSessions.Should().Contain(oldSid);
                refreshed.Verified.Should().BeEquivalentTo([id]);
                refreshed.IsComplete.Should().BeFalse("the others have not acknowledged the new session yet");

                downflow.Kind.Should().Be(AskeFlowKind.Downflow);
                downflow.Source.Should().Be(id);
                downflow.Nonces.Should().BeEquivalentTo(refreshed.Nonces, o => o.WithStrictOrdering());
                byte[] m = [.. "acksig"u8, .. Encoding.UTF8.GetBytes(id), .. refreshed.EphemeralKeys[own], .. refreshed.Nonces[own], .. sid];
                Ed25519.Verify(downflow.SessionSignature, 0, StaticKeys[id], 0, m, 0, m.Length).Should().BeTrue("σ(m) over the new sid");

                p[id] = refreshed;
                List<AskeFlow> sent = Broadcast(p, downflow);
                p.Values.Should().OnlyContain(x => x.IsComplete && Sid(x) == Convert.ToHexString(sid) && x.PastSessions.Contains(oldSid));

                // The session left behind cannot come back: its first downflow is a replay (to the refresher it misstates
                // the nonce it has now, which is checked first), its acknowledgements do not verify.
                foreach (string other in Ids.Where(o => o != previous[0].Source))
                {
                    string state = Snapshot.Of(p[other]);
                    Refusal.Of(() => p[other].OnDownflow(previous[0], StaticKeys)).Should().Be(other == id ? MpencErrorCode.ContributionMismatch : MpencErrorCode.Replay);
                    Refusal.Of(() => p[other].OnDownflow(previous[^1], StaticKeys)).Should().Be(MpencErrorCode.BadSignature);
                    Snapshot.Of(p[other]).Should().Be(state);
                }

                previous = sent;
            }
        }, iter: 25);
    }

    [Test]
    public void A_refresh_before_the_exchange_completes_is_wrong_turn_and_changes_nothing()
    {
        List<AskeMember> seen = [];
        (Dictionary<string, AskeMember> p, _) = Exchange(seen);
        seen.AddRange(p.Values);
        (AskeMember refreshed, _) = p["p2"].Refresh(new SeededRandom("bad-input/refresh"));
        seen.Add(refreshed);
        var random = new SeededRandom("bad-input/refresh early");
        List<AskeMember> incomplete = [.. seen.Where(m => !m.IsComplete)];
        incomplete.Should().HaveCountGreaterThan(10, "new members, collectors, and members waiting for acknowledgements");
        foreach (AskeMember member in incomplete)
        {
            string before = Snapshot.Of(member);
            Refusal.Of(() => member.Refresh(random)).Should().Be(MpencErrorCode.WrongTurn, member.ToString());
            Snapshot.Of(member).Should().Be(before);
        }

        seen.Where(m => m.IsComplete).Should().NotBeEmpty().And.OnlyContain(m => Refusal.Of(() => m.Refresh(random)) == null);
    }

    [Test]
    public void An_acknowledgement_before_any_session_is_wrong_turn()
    {
        (_, List<AskeFlow> downflows) = Exchange();
        AskeFlow ack = downflows.First(f => f.Nonces.Count == 0 && f.Source != "p1");
        var random = new SeededRandom("bad-input/aske refresh");
        (AskeMember started, _) = AskeMember.New("p1", StaticSecret("p1")).StartExchange(Ids[1..], random);
        foreach (AskeMember member in (AskeMember[])[AskeMember.New("p1", StaticSecret("p1")), started])
        {
            string before = Snapshot.Of(member);
            Refusal.Of(() => member.OnDownflow(ack, StaticKeys)).Should().Be(member.Members.Count == 0 ? MpencErrorCode.NotAMember : MpencErrorCode.WrongTurn);
            Snapshot.Of(member).Should().Be(before);
        }
    }

    private static readonly string?[] Names = ["p1", "p2", "p3", "p4", "p5", "stranger", "", null];

    [Test]
    public void Member_lists_of_an_operation_are_checked_before_anything_changes()
    {
        (Dictionary<string, AskeMember> p, _) = Exchange();
        AskeMember complete = p["p2"], fresh = AskeMember.New("p2", StaticSecret("p2"));
        string[] group = [.. complete.Members];
        var tally = new CodeTally();
        Gen.Int[0, Names.Length - 1].Select(i => Names[i]!).Array[0, 5].Sample(list =>
        {
            bool named = list.All(id => !string.IsNullOrEmpty(id)) && list.Distinct().Count() == list.Length;
            var random = new SeededRandom("bad-input/aske operation");
            Check(complete, () => complete.Include(list), named && list.Length > 0 && !list.Intersect(group).Any() ? null : MpencErrorCode.BadMembers);
            Check(fresh, () => fresh.Include(list), MpencErrorCode.WrongTurn);

            // As the GKA's, the ASKE's exclusion names each participant once.
            bool excludable = list.Length > 0 && list.All(group.Contains) && !list.Contains(complete.Self) && list.Distinct().Count() == list.Length && group.Count(m => !list.Contains(m)) >= 2;
            Check(complete, () => complete.Exclude(list, random), excludable ? null : list.Any(id => !group.Contains(id)) ? MpencErrorCode.NotAMember : MpencErrorCode.BadMembers);
            Check(fresh, () => fresh.Exclude(list, random), MpencErrorCode.WrongTurn);
            Check(fresh, () => fresh.StartExchange(list, random), named && list.Length > 0 && !list.Contains(fresh.Self) ? null : MpencErrorCode.BadMembers);
        }, iter: 300, print: list => $"[{string.Join(", ", list.Select(id => id is null ? "null" : $"\"{id}\""))}]");

        void Check(AskeMember member, Action act, MpencErrorCode? expected)
        {
            string before = Snapshot.Of(member);
            tally.Add(Refusal.Of(act)).Should().Be(expected);
            Snapshot.Of(member).Should().Be(before);
        }

        tally.Refusals.Should().Equal(Refusal.Names(MpencErrorCode.BadMembers, MpencErrorCode.NotAMember, MpencErrorCode.WrongTurn), tally.ToString());
    }
}
