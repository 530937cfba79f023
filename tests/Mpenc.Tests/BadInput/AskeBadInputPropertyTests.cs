using System.Security.Cryptography;
using System.Text;
using CsCheck;
using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Errors;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Tests.BadInput;

/// <summary>
/// The ASKE member (seed 003 §5.2.2) under bad flows: at any delivery of an exchange among four, a refresh and an
/// exclusion, the flow due is replaced by one with null or blank lists, repeated members, nonces or keys of another
/// length or count, another kind, a stranger in the receiver's place, the receiver moved, its own contribution
/// misstated, another's nonce or the author's key altered, a signature cut, flipped or made over another session,
/// another or an unknown source, or the wrong static key. Each is refused with the code MP-12 and the checks' order
/// predict, the receiver is as it was, and the genuine flow still completes the exchange.
/// </summary>
[TestFixture]
public sealed class AskeBadInputPropertyTests
{
    private static readonly string[] Ids = ["p1", "p2", "p3", "p4"];

    private static byte[] StaticSecret(string id) => SHA256.HashData(Encoding.UTF8.GetBytes($"static/{id}"));

    private static byte[] PublicOf(byte[] secret)
    {
        byte[] publicKey = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(secret, 0, publicKey, 0);
        return publicKey;
    }

    private static readonly Dictionary<string, byte[]> StaticKeys = Ids.ToDictionary(id => id, id => PublicOf(StaticSecret(id)));

    /// <summary>What a bad flow changes.</summary>
    internal enum FlowEdit
    {
        MembersNull,
        MemberBlank,
        MemberDuplicate,
        NoncesNull,
        KeysNull,
        NonceNull,
        NonceLength,
        KeyLength,
        ListsUneven,
        Kind,
        CountChange,
        Stranger,
        Moved,
        OwnContribution,
        OtherNonce,
        SourceKey,
        SignatureNull,
        SignatureLength,
        SignatureFlip,
        SignedOverOtherSession,
        SourceStranger,
        SourceOther,
        SourceBlank,
        StaticKeyWrong,
    }

    private static readonly FlowEdit[] ForUpflows = [.. Enum.GetValues<FlowEdit>().Where(e => e <= FlowEdit.Moved)];

    private static readonly FlowEdit[] ForAcknowledgements =
    [
        FlowEdit.MembersNull, FlowEdit.NoncesNull, FlowEdit.KeysNull, FlowEdit.Kind, FlowEdit.SignatureNull, FlowEdit.SignatureLength, FlowEdit.SignatureFlip,
        FlowEdit.SignedOverOtherSession, FlowEdit.SourceStranger, FlowEdit.SourceOther, FlowEdit.SourceBlank, FlowEdit.StaticKeyWrong,
    ];

    /// <summary>Where (the <see cref="Stage"/>-th delivery of <see cref="Run"/>) and how the flow due is spoiled; A and B pick places, sizes and bits.</summary>
    internal sealed record Probe(int Stage, FlowEdit Edit, int A, int B);

    private const int Stages = 33;

    private static readonly Gen<Probe> Probes = Gen.Select(Gen.Int[0, Stages - 1], Gen.Enum<FlowEdit>(), Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], (stage, edit, a, b) => new Probe(stage, edit, a, b));

    /// <summary>One delivery of the genuine run: the receiver, the flow, the random source of its call and the member it became.</summary>
    private sealed record Step(AskeMember Receiver, AskeFlow Flow, string Random, AskeMember After);

    /// <summary>
    /// An exchange among p1–p4, a refresh by p3, p2 excluding p1 (each call with its own seeded random source; every
    /// broadcast delivered to the rest of its group in order, acknowledgements queued); before the
    /// <paramref name="stage"/>-th delivery (upflows 0–2) <paramref name="probe"/> gets the receiver and the genuine
    /// flow. Checks that the group completes each operation on one new session id; records every delivery.
    /// </summary>
    private static Dictionary<string, AskeMember> Run(int stage, Action<AskeMember, AskeFlow>? probe, List<Step>? steps = null)
    {
        Dictionary<string, AskeMember> p = Ids.ToDictionary(id => id, id => AskeMember.New(id, StaticSecret(id)));
        int calls = 0;
        (AskeMember, AskeFlow?) Deliver(string id, AskeFlow flow, Func<AskeMember, string, (AskeMember, AskeFlow?)> genuine)
        {
            if (calls == stage)
            {
                probe?.Invoke(p[id], flow);
            }

            string label = $"bad-input/aske/{calls++}";
            AskeMember before = p[id];
            (p[id], AskeFlow? next) = genuine(before, label);
            steps?.Add(new Step(before, flow, label, p[id]));
            return (p[id], next);
        }

        void Broadcast(AskeFlow first, string[] group, byte[]? oldSid)
        {
            var pending = new Queue<AskeFlow>([first]);
            while (pending.TryDequeue(out AskeFlow? flow))
            {
                foreach (string id in group.Where(id => id != flow.Source))
                {
                    if (Deliver(id, flow, (member, _) => member.OnDownflow(flow, StaticKeys)).Item2 is { } ack)
                    {
                        pending.Enqueue(ack);
                    }
                }
            }

            group.Should().OnlyContain(id => p[id].IsComplete && p[id].Members.SequenceEqual(group));
            group.Select(id => Convert.ToHexString(p[id].SessionId!)).Distinct().Should().ContainSingle();
            if (oldSid is not null)
            {
                p[group[0]].SessionId.Should().NotEqual(oldSid, "every operation makes a new session");
            }
        }

        (p["p1"], AskeFlow f) = p["p1"].StartExchange(["p2", "p3", "p4"], new SeededRandom("bad-input/aske/start"));
        foreach (string id in (string[])["p2", "p3", "p4"])
        {
            AskeFlow upflow = f;
            f = Deliver(id, upflow, (member, label) => member.OnUpflow(upflow, new SeededRandom(label))).Item2!;
        }

        Broadcast(f, Ids, null);
        byte[] sid = p["p1"].SessionId!;
        (p["p3"], f) = p["p3"].Refresh(new SeededRandom("bad-input/aske/refresh"));
        Broadcast(f, Ids, sid);
        sid = p["p2"].SessionId!;
        (p["p2"], f) = p["p2"].Exclude(["p1"], new SeededRandom("bad-input/aske/exclude"));
        Broadcast(f, Ids[1..], sid);
        calls.Should().Be(Stages);
        return p;
    }

    private static readonly IReadOnlyList<Step> Steps = Record();

    private static List<Step> Record()
    {
        List<Step> steps = [];
        Run(-1, null, steps);
        return steps;
    }

    private static byte[] Flip(byte[] value, int bit)
    {
        byte[] copy = (byte[])value.Clone();
        copy[bit / 8 % copy.Length] ^= (byte)(1 << (bit % 8));
        return copy;
    }

    /// <summary>
    /// The flow and static keys <paramref name="probe"/> makes of <paramref name="flow"/> for <paramref name="receiver"/>,
    /// and the code predicted: an upflow checks its lists, kind and count, then whose turn it is; a downflow its kind,
    /// signature length and lists, then (the first one) the members, the receiver's own contribution, then the source and
    /// the session signature against the receiver's session (MP-12).
    /// </summary>
    private static (AskeFlow Flow, IReadOnlyDictionary<string, byte[]> Keys, MpencErrorCode Expected) Spoil(Probe probe, AskeMember receiver, AskeFlow flow)
    {
        bool up = flow.Kind == AskeFlowKind.Upflow, ack = !up && flow.Nonces.Count == 0;
        FlowEdit[] applicable = up ? ForUpflows : ack ? ForAcknowledgements : Enum.GetValues<FlowEdit>();
        FlowEdit edit = applicable.Contains(probe.Edit) ? probe.Edit : applicable[probe.A % applicable.Length];
        List<string> members = [.. flow.Members];
        List<byte[]> nonces = [.. flow.Nonces], keys = [.. flow.EphemeralKeys];
        int n = members.Count, k = nonces.Count, own = members.IndexOf(receiver.Self), source = members.IndexOf(flow.Source);
        int other = n < 2 ? 0 : (own + 1 + (probe.B % (n - 1))) % n;
        int length = probe.B % 64 is var l && l < 32 ? l : l + 1;
        MpencErrorCode lists = up ? MpencErrorCode.BadMembers : MpencErrorCode.Malformed;
        AskeFlow With() => flow with { Nonces = nonces, EphemeralKeys = keys };
        switch (edit)
        {
            case FlowEdit.MembersNull:
                return (flow with { Members = null! }, StaticKeys, lists);
            case FlowEdit.MemberBlank:
                members[probe.A % n] = probe.B % 2 == 0 ? null! : "";
                return (flow with { Members = members }, StaticKeys, MpencErrorCode.BadMembers);
            case FlowEdit.MemberDuplicate:
                members[other] = members[own];
                return (flow with { Members = members }, StaticKeys, MpencErrorCode.BadMembers);
            case FlowEdit.NoncesNull:
                return (flow with { Nonces = null! }, StaticKeys, MpencErrorCode.Malformed);
            case FlowEdit.KeysNull:
                return (flow with { EphemeralKeys = null! }, StaticKeys, MpencErrorCode.Malformed);
            case FlowEdit.NonceNull:
                nonces[probe.A % k] = null!;
                return (With(), StaticKeys, MpencErrorCode.Malformed);
            case FlowEdit.NonceLength:
                nonces[probe.A % k] = [.. Enumerable.Repeat((byte)7, length)];
                return (With(), StaticKeys, MpencErrorCode.Malformed);
            case FlowEdit.KeyLength:
                keys[probe.A % k] = [.. Enumerable.Repeat((byte)7, length)];
                return (With(), StaticKeys, MpencErrorCode.Malformed);
            case FlowEdit.ListsUneven:
                keys.RemoveAt(probe.A % k);
                return (With(), StaticKeys, MpencErrorCode.Malformed);
            case FlowEdit.Kind:
                AskeFlowKind kind = probe.B % 2 == 0 ? (up ? AskeFlowKind.Downflow : AskeFlowKind.Upflow) : (AskeFlowKind)(3 + (probe.B % 5));
                return (flow with { Kind = kind }, StaticKeys, MpencErrorCode.Malformed);
            case FlowEdit.CountChange when up:
                int delta = 1 + (probe.A % 3);
                (nonces, keys) = probe.B % 2 == 0 ? (nonces[..Math.Max(0, k - delta)], keys[..Math.Max(0, k - delta)]) : ([.. nonces, .. nonces[..1]], [.. keys, .. keys[..1]]);
                return (With(), StaticKeys, nonces.Count == 0 || nonces.Count >= n ? MpencErrorCode.Malformed : MpencErrorCode.WrongTurn);
            case FlowEdit.CountChange:
                // Emptied, the first downflow reads as an acknowledgement: of no session this member knows, or not of its own.
                int drop = 1 + (probe.A % n);
                (nonces, keys) = (nonces[..(k - drop)], keys[..(k - drop)]);
                return (With(), StaticKeys, nonces.Count > 0 ? MpencErrorCode.Malformed : receiver.SessionId is null ? MpencErrorCode.WrongTurn : MpencErrorCode.BadSignature);
            case FlowEdit.Stranger:
                members[own] = "stranger";
                return (flow with { Members = members }, StaticKeys, MpencErrorCode.NotAMember);
            case FlowEdit.Moved:
                (members[own], members[other]) = (members[other], members[own]);
                return (flow with { Members = members }, StaticKeys, up ? MpencErrorCode.WrongTurn : MpencErrorCode.ContributionMismatch);
            case FlowEdit.OwnContribution:
                (probe.B % 2 == 0 ? nonces : keys)[own] = Flip((probe.B % 2 == 0 ? nonces : keys)[own], probe.A);
                return (With(), StaticKeys, MpencErrorCode.ContributionMismatch);
            case FlowEdit.OtherNonce:
                nonces[other] = Flip(nonces[other], probe.A);
                return (With(), StaticKeys, MpencErrorCode.BadSignature);
            case FlowEdit.SourceKey:
                keys[source] = Flip(keys[source], probe.A);
                return (With(), StaticKeys, MpencErrorCode.BadSignature);
            case FlowEdit.SignatureNull:
                return (flow with { SessionSignature = null }, StaticKeys, MpencErrorCode.Malformed);
            case FlowEdit.SignatureLength:
                int cut = probe.B % 128 is var c && c < 64 ? c : c + 1;
                return (flow with { SessionSignature = [.. flow.SessionSignature!.Concat(flow.SessionSignature!).Concat(flow.SessionSignature!).Take(cut)] }, StaticKeys, MpencErrorCode.Malformed);
            case FlowEdit.SignatureFlip:
                return (flow with { SessionSignature = Flip(flow.SessionSignature!, probe.A) }, StaticKeys, MpencErrorCode.BadSignature);
            case FlowEdit.SignedOverOtherSession:
                return (flow with { SessionSignature = SignedOver(flow, receiver, SHA256.HashData(BitConverter.GetBytes(probe.A))) }, StaticKeys, MpencErrorCode.BadSignature);
            case FlowEdit.SourceStranger:
                return (flow with { Source = "stranger" }, StaticKeys, MpencErrorCode.NotAMember);
            case FlowEdit.SourceOther:
                string[] group = [.. (ack ? receiver.Members : flow.Members).Where(id => id != flow.Source)];
                return (flow with { Source = group[probe.A % group.Length] }, StaticKeys, MpencErrorCode.BadSignature);
            case FlowEdit.SourceBlank:
                return (flow with { Source = probe.B % 2 == 0 ? null! : "" }, StaticKeys, MpencErrorCode.Malformed);
            default:
                var wrong = new Dictionary<string, byte[]>(StaticKeys);
                byte[][] choices = [StaticKeys[Ids[(Array.IndexOf(Ids, flow.Source) + 1) % Ids.Length]], StaticKeys[flow.Source][..31], SHA256.HashData(BitConverter.GetBytes(probe.B))];
                if (probe.A % 4 == 3)
                {
                    wrong.Remove(flow.Source);
                }
                else
                {
                    wrong[flow.Source] = choices[probe.A % 4];
                }

                return (flow, wrong, MpencErrorCode.BadSignature);
        }
    }

    /// <summary>The source's session signature σ(m) made with its static key, but over <paramref name="sid"/> (another session's id).</summary>
    private static byte[] SignedOver(AskeFlow flow, AskeMember receiver, byte[] sid)
    {
        (IReadOnlyList<string> members, IReadOnlyList<byte[]> nonces, IReadOnlyList<byte[]> keys) = flow.Nonces.Count > 0
            ? (flow.Members, flow.Nonces, flow.EphemeralKeys)
            : (receiver.Members, receiver.Nonces, receiver.EphemeralKeys);
        int source = members.ToList().IndexOf(flow.Source);
        byte[] m = AskeMember.Authenticator(flow.Source, keys[source], nonces[source], sid);
        byte[] signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(StaticSecret(flow.Source), 0, m, 0, m.Length, signature, 0);
        return signature;
    }

    private static MpencErrorCode? Deliver(AskeMember receiver, AskeFlow flow, IReadOnlyDictionary<string, byte[]> keys, bool upflow) => upflow
        ? Refusal.Of(() => receiver.OnUpflow(flow, new SeededRandom("bad-input/spoiled")))
        : Refusal.Of(() => receiver.OnDownflow(flow, keys));

    [Test]
    public void A_spoiled_flow_is_refused_by_its_code_the_receiver_is_unchanged_and_the_genuine_flow_still_completes()
    {
        var tally = new CodeTally();
        Probes.Sample(probe =>
        {
            Step step = Steps[probe.Stage];
            bool upflow = step.Flow.Kind == AskeFlowKind.Upflow;
            (AskeFlow spoiled, IReadOnlyDictionary<string, byte[]> keys, MpencErrorCode expected) = Spoil(probe, step.Receiver, step.Flow);
            string before = Snapshot.Of(step.Receiver);
            tally.Add(Deliver(step.Receiver, spoiled, keys, upflow)).Should().Be(expected, $"{probe} on {step.Flow.Kind} from {step.Flow.Source} to {step.Receiver.Self}");
            Snapshot.Of(step.Receiver).Should().Be(before, "a refusal changes nothing");

            // The genuine flow, delivered now, gives the member it gave in the run where everyone completed (Run checks
            // that; Every_stage_refuses_a_signature_over_another_session_and_the_exchange_goes_on runs the rest after a refusal).
            AskeMember after = upflow ? step.Receiver.OnUpflow(step.Flow, new SeededRandom(step.Random)).Member : step.Receiver.OnDownflow(step.Flow, StaticKeys).Member;
            Snapshot.Of(after).Should().Be(Snapshot.Of(step.After));
        }, iter: 1000);
        tally.Refusals.Should().Equal(Refusal.Names(
            MpencErrorCode.Malformed, MpencErrorCode.BadMembers, MpencErrorCode.NotAMember, MpencErrorCode.WrongTurn, MpencErrorCode.BadSignature, MpencErrorCode.ContributionMismatch), tally.ToString());
    }

    [Test]
    public void Every_stage_refuses_a_signature_over_another_session_and_the_exchange_goes_on()
    {
        for (int stage = 0; stage < Stages; stage++)
        {
            bool probed = false;
            int at = stage;
            Run(stage, (receiver, flow) =>
            {
                // An upflow carries no signature: it gets the receiver moved instead.
                var probe = new Probe(at, flow.Kind == AskeFlowKind.Upflow ? FlowEdit.Moved : FlowEdit.SignedOverOtherSession, at, 1);
                (AskeFlow spoiled, IReadOnlyDictionary<string, byte[]> keys, MpencErrorCode expected) = Spoil(probe, receiver, flow);
                string before = Snapshot.Of(receiver);
                Deliver(receiver, spoiled, keys, flow.Kind == AskeFlowKind.Upflow).Should().Be(expected, probe.ToString());
                Snapshot.Of(receiver).Should().Be(before);
                probed = true;
            });
            probed.Should().BeTrue();
        }
    }
}
