using CsCheck;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Gka;
using X25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace E2eeConformance.Mpenc.Tests.BadInput;

/// <summary>
/// The CLIQUES member (seed 003 §5.2.1) under bad flows: at any step of an agreement among four, an inclusion, an
/// exclusion and a refresh, the flow due is replaced by one with null lists, blank or repeated members, null keys or
/// keys of another length, another kind, another count, a stranger in the receiver's place, the receiver moved, or a
/// key of small order. Each is refused with the code it predicts (MP-4, MP-5), the receiver is as it was, and the
/// genuine flow it gets next still brings everyone to the same group key.
/// </summary>
[TestFixture]
public sealed class CliquesBadInputPropertyTests
{
    /// <summary>
    /// u-coordinates of small order on Curve25519 or its twist (0, 1, the two points of order 8, p − 1, p, p + 1) and
    /// the same with bit 255 set (X25519 ignores it): X25519 of any of them with a clamped scalar is zero.
    /// </summary>
    private static readonly byte[][] SmallOrder = WithTopBit(
    [
        new byte[32],
        [1, .. new byte[31]],
        Convert.FromHexString("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
        Convert.FromHexString("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
        Convert.FromHexString("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        Convert.FromHexString("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        Convert.FromHexString("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    ]);

    private static byte[][] WithTopBit(byte[][] points) => [.. points, .. points.Select(p => (byte[])[.. p[..31], (byte)(p[31] | 0x80)])];

    private static readonly string[] Ids = ["p1", "p2", "p3", "p4", "p5"];

    /// <summary>What a bad flow changes.</summary>
    internal enum FlowEdit
    {
        MembersNull,
        MemberBlank,
        MemberDuplicate,
        KeysNull,
        KeyNull,
        KeyLength,
        Kind,
        CountChange,
        Stranger,
        Moved,
        Degenerate,
    }

    /// <summary>Where (the <see cref="Stage"/>-th delivery of <see cref="Run"/>) and how the flow due is spoiled; A and B pick places and sizes.</summary>
    internal sealed record Probe(int Stage, FlowEdit Edit, int A, int B, int Point);

    private const int Stages = 17;

    private static readonly Gen<Probe> Probes = Gen.Select(Gen.Int[0, Stages - 1], Gen.Enum<FlowEdit>(), Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], Gen.Int[0, SmallOrder.Length - 1],
        (stage, edit, a, b, point) => new Probe(stage, edit, a, b, point));

    /// <summary>One delivery of the genuine run: the receiver, the flow, the random source of its call and the member it became.</summary>
    private sealed record Step(CliquesMember Receiver, CliquesFlow Flow, string Random, CliquesMember After);

    /// <summary>
    /// An IKA among p1–p4, p2 including p5, p3 excluding p1, p4 refreshing (each call with its own seeded random source);
    /// before the <paramref name="stage"/>-th delivery (upflows 0–2 and 6, downflows otherwise) <paramref name="probe"/>
    /// gets the receiver and the genuine flow. Checks that everyone in the group ends each operation on the same key;
    /// records every delivery in <paramref name="steps"/>; returns the members.
    /// </summary>
    private static Dictionary<string, CliquesMember> Run(int stage, Action<CliquesMember, CliquesFlow>? probe, List<Step>? steps = null)
    {
        Dictionary<string, CliquesMember> p = Ids.ToDictionary(id => id, CliquesMember.New);
        int calls = 0;
        string Label() => $"bad-input/cliques/{calls++}";
        CliquesFlow f;
        void Deliver(string id, Func<CliquesMember, string, (CliquesMember, CliquesFlow?)> genuine)
        {
            if (calls == stage)
            {
                probe?.Invoke(p[id], f);
            }

            string label = Label();
            (CliquesMember before, CliquesFlow flow) = (p[id], f);
            (p[id], CliquesFlow? next) = genuine(before, label);
            steps?.Add(new Step(before, flow, label, p[id]));
            f = next ?? f;
        }

        void Downflow(params string[] to)
        {
            foreach (string id in to)
            {
                Deliver(id, (member, _) => (member.OnDownflow(f), null));
            }

            SameKey(p, f.Members);
        }

        void Upflow(params string[] to)
        {
            foreach (string id in to)
            {
                Deliver(id, (member, label) => member.OnUpflow(f, new SeededRandom(label)));
            }
        }

        (p["p1"], f) = p["p1"].StartAgreement(["p2", "p3", "p4"], new SeededRandom("bad-input/cliques/start"));
        Upflow("p2", "p3", "p4");
        Downflow("p1", "p2", "p3");
        (p["p2"], f) = p["p2"].Include(["p5"], new SeededRandom("bad-input/cliques/include"));
        Upflow("p5");
        Downflow("p1", "p2", "p3", "p4");
        (p["p3"], f) = p["p3"].Exclude(["p1"], new SeededRandom("bad-input/cliques/exclude"));
        Downflow("p2", "p4", "p5");
        (p["p4"], f) = p["p4"].Refresh(new SeededRandom("bad-input/cliques/refresh"));
        Downflow("p2", "p3", "p5");
        calls.Should().Be(Stages);
        return p;
    }

    /// <summary>The deliveries of the genuine run, in order.</summary>
    private static readonly IReadOnlyList<Step> Steps = Record();

    private static List<Step> Record()
    {
        List<Step> steps = [];
        Run(-1, null, steps);
        return steps;
    }

    private static void SameKey(Dictionary<string, CliquesMember> p, IReadOnlyList<string> group)
    {
        group.Select(id => Convert.ToHexString(p[id].GroupKey())).Distinct().Should().ContainSingle($"{string.Join(",", group)} agree on one key");
        group.Should().OnlyContain(id => p[id].Members.SequenceEqual(group));
    }

    /// <summary>The flow <paramref name="probe"/> makes of <paramref name="flow"/> for <paramref name="receiver"/>, and the code MP-4, MP-5 and the checks' order predict.</summary>
    private static (CliquesFlow Flow, MpencErrorCode Expected) Spoil(Probe probe, CliquesMember receiver, CliquesFlow flow)
    {
        bool up = flow.Kind == CliquesFlowKind.Upflow;
        List<string> members = [.. flow.Members];
        List<byte[]> keys = [.. flow.IntermediateKeys];
        int n = members.Count, k = keys.Count, own = members.IndexOf(receiver.Self);
        int other = (own + 1 + (probe.B % (n - 1))) % n;
        switch (probe.Edit)
        {
            case FlowEdit.MembersNull:
                return (flow with { Members = null! }, MpencErrorCode.BadMembers);
            case FlowEdit.MemberBlank:
                members[probe.A % n] = probe.B % 2 == 0 ? null! : "";
                return (flow with { Members = members }, MpencErrorCode.BadMembers);
            case FlowEdit.MemberDuplicate:
                members[other] = members[own];
                return (flow with { Members = members }, MpencErrorCode.BadMembers);
            case FlowEdit.KeysNull:
                return (flow with { IntermediateKeys = null! }, MpencErrorCode.Malformed);
            case FlowEdit.KeyNull:
                keys[probe.A % k] = null!;
                return (flow with { IntermediateKeys = keys }, MpencErrorCode.Malformed);
            case FlowEdit.KeyLength:
                int length = probe.B % 64;
                keys[probe.A % k] = [.. keys[probe.A % k].Concat(keys[probe.A % k]).Take(length < 32 ? length : length + 1)];
                return (flow with { IntermediateKeys = keys }, MpencErrorCode.Malformed);
            case FlowEdit.Kind:
                CliquesFlowKind kind = probe.B % 2 == 0 ? (up ? CliquesFlowKind.Downflow : CliquesFlowKind.Upflow) : (CliquesFlowKind)(3 + (probe.B % 5));
                return (flow with { Kind = kind }, MpencErrorCode.Malformed);
            case FlowEdit.CountChange:
                int delta = 1 + (probe.A % 3);
                keys = probe.B % 2 == 0 ? keys[..Math.Max(0, k - delta)] : [.. keys, .. Enumerable.Repeat(keys[0], delta)];
                bool malformed = !up || keys.Count < 2 || keys.Count > n;
                return (flow with { IntermediateKeys = keys }, malformed ? MpencErrorCode.Malformed : MpencErrorCode.WrongTurn);
            case FlowEdit.Stranger:
                members[own] = "stranger";
                return (flow with { Members = members }, MpencErrorCode.NotAMember);
            case FlowEdit.Moved when up:
                (members[own], members[other]) = (members[other], members[own]);
                return (flow with { Members = members }, MpencErrorCode.WrongTurn);
            case FlowEdit.Moved:
                // A downflow cannot tell a moved receiver (it would take another's key); left out instead, it is a stranger to it.
                members.RemoveAt(own);
                keys.RemoveAt(own);
                return (flow with { Members = members, IntermediateKeys = keys }, MpencErrorCode.NotAMember);
            default:
                // An upflow's keys are all multiplied by the receiver; of a downflow's, only its own (another's is that
                // participant's to refuse: this member keeps it unmultiplied).
                keys[up ? probe.A % k : own] = SmallOrder[probe.Point];
                return (flow with { IntermediateKeys = keys }, MpencErrorCode.DegenerateKey);
        }
    }

    private static MpencErrorCode? Deliver(CliquesMember receiver, CliquesFlow flow, bool upflow) => upflow
        ? Refusal.Of(() => receiver.OnUpflow(flow, new SeededRandom("bad-input/spoiled")))
        : Refusal.Of(() => receiver.OnDownflow(flow));

    [Test]
    public void The_small_order_points_are_what_the_tests_take_them_for()
    {
        byte[] scalar = new byte[32];
        new SeededRandom("bad-input/scalar").Fill(scalar);
        foreach (byte[] point in SmallOrder)
        {
            byte[] result = new byte[32];
            X25519.ScalarMult(scalar, 0, point, 0, result, 0);
            result.Should().OnlyContain(b => b == 0, Convert.ToHexString(point));
        }
    }

    [Test]
    public void A_spoiled_flow_is_refused_by_its_code_the_receiver_is_unchanged_and_the_genuine_flow_still_agrees()
    {
        var tally = new CodeTally();
        Probes.Sample(probe =>
        {
            Step step = Steps[probe.Stage];
            bool upflow = step.Flow.Kind == CliquesFlowKind.Upflow;
            (CliquesFlow spoiled, MpencErrorCode expected) = Spoil(probe, step.Receiver, step.Flow);
            string before = Snapshot.Of(step.Receiver);
            tally.Add(Deliver(step.Receiver, spoiled, upflow)).Should().Be(expected, probe.ToString());
            Snapshot.Of(step.Receiver).Should().Be(before, "a refusal changes nothing");

            // The genuine flow, delivered now, gives the member it gave in the run where everyone agreed (Run checks
            // that; Every_stage_refuses_a_key_of_small_order_and_the_agreement_goes_on runs the rest of the agreement after a refusal).
            CliquesMember after = upflow ? step.Receiver.OnUpflow(step.Flow, new SeededRandom(step.Random)).Member : step.Receiver.OnDownflow(step.Flow);
            Snapshot.Of(after).Should().Be(Snapshot.Of(step.After));
        }, iter: 1000);
        tally.Refusals.Should().Equal(Refusal.Names(
            MpencErrorCode.Malformed, MpencErrorCode.BadMembers, MpencErrorCode.NotAMember, MpencErrorCode.WrongTurn, MpencErrorCode.DegenerateKey), tally.ToString());
    }

    [Test]
    public void Every_stage_refuses_a_key_of_small_order_and_the_agreement_goes_on()
    {
        for (int stage = 0; stage < Stages; stage++)
        {
            var probe = new Probe(stage, FlowEdit.Degenerate, stage, 0, stage % SmallOrder.Length);
            bool probed = false;
            Run(stage, (receiver, flow) =>
            {
                string before = Snapshot.Of(receiver);
                Deliver(receiver, Spoil(probe, receiver, flow).Flow, flow.Kind == CliquesFlowKind.Upflow).Should().Be(MpencErrorCode.DegenerateKey, probe.ToString());
                Snapshot.Of(receiver).Should().Be(before);
                probed = true;
            });
            probed.Should().BeTrue();
        }
    }

    private static readonly string?[] Names = ["p1", "p2", "p3", "p4", "p5", "stranger", "", null];

    private static readonly Gen<string[]> NameLists = Gen.Int[0, Names.Length - 1].Select(i => Names[i]!).Array[0, 5];

    [Test]
    public void Member_lists_of_an_operation_are_checked_before_anything_changes()
    {
        Dictionary<string, CliquesMember> p = Run(-1, null);
        CliquesMember ready = p["p2"], fresh = CliquesMember.New("p1");
        string[] group = [.. ready.Members];
        var tally = new CodeTally();
        NameLists.Sample(list =>
        {
            bool named = list.All(id => !string.IsNullOrEmpty(id)) && list.Distinct().Count() == list.Length;
            var random = new SeededRandom("bad-input/operation");

            MpencErrorCode? include = named && list.Length > 0 && !list.Intersect(group).Any() ? null : MpencErrorCode.BadMembers;
            Check(ready, () => ready.Include(list, random), include, "include");

            bool others = list.All(group.Contains) && !list.Contains(ready.Self);
            MpencErrorCode? exclude = named && others && list.Length > 0 && group.Length - list.Length >= 2 ? null
                : list.Any(id => !group.Contains(id)) ? MpencErrorCode.NotAMember : MpencErrorCode.BadMembers;
            Check(ready, () => ready.Exclude(list, random), exclude, "exclude");

            bool start = named && list.Length > 0 && !list.Contains(fresh.Self);
            Check(fresh, () => fresh.StartAgreement(list, random), start ? null : MpencErrorCode.BadMembers, "start");
            Check(ready, () => ready.StartAgreement(list, random), named && list.Length > 0 && !list.Contains(ready.Self) ? MpencErrorCode.WrongTurn : MpencErrorCode.BadMembers, "start again");
        }, iter: 300, print: list => $"[{string.Join(", ", list.Select(id => id is null ? "null" : $"\"{id}\""))}]");

        void Check(CliquesMember member, Action act, MpencErrorCode? expected, string what)
        {
            string before = Snapshot.Of(member);
            tally.Add(Refusal.Of(act)).Should().Be(expected, what);
            Snapshot.Of(member).Should().Be(before, $"{what} returns a new member, refused or not");
        }

        tally.Refusals.Should().Equal(Refusal.Names(MpencErrorCode.BadMembers, MpencErrorCode.NotAMember, MpencErrorCode.WrongTurn), tally.ToString());
    }

    [Test]
    public void Operations_out_of_turn_are_wrong_turn_and_change_nothing()
    {
        var random = new SeededRandom("bad-input/turns");
        CliquesMember p1 = CliquesMember.New("p1"), p2 = CliquesMember.New("p2"), p3 = CliquesMember.New("p3");
        List<(string What, CliquesMember Member, Action Act)> calls =
        [
            ("a refresh before any agreement", p1, () => p1.Refresh(random)),
            ("an inclusion before any agreement", p1, () => p1.Include(["p4"], random)),
            ("an exclusion before any agreement", p1, () => p1.Exclude(["p2"], random)),
            ("a group key before any agreement", p1, () => p1.GroupKey()),
        ];
        (CliquesMember p1Started, CliquesFlow u1) = p1.StartAgreement(["p2", "p3"], random);
        (CliquesMember p2Contributed, CliquesFlow u2) = p2.OnUpflow(u1, random);
        (CliquesMember p3Done, CliquesFlow d) = p3.OnUpflow(u2, random);
        calls.Add(("a downflow to a member that made no contribution", p2, () => p2.OnDownflow(d)));
        calls.Add(("a replayed upflow to a member that contributes", p2Contributed, () => p2Contributed.OnUpflow(u1, random)));
        calls.Add(("a second start by the initiator", p1Started, () => p1Started.StartAgreement(["p2"], random)));
        calls.Add(("a refresh before the downflow", p1Started, () => p1Started.Refresh(random)));
        CliquesMember p1Ready = p1Started.OnDownflow(d);
        (CliquesMember p1Including, CliquesFlow include) = p1Ready.Include(["p4"], random);
        calls.Add(("a refresh while an inclusion waits for its downflow", p1Including, () => p1Including.Refresh(random)));
        calls.Add(("an exclusion while an inclusion waits", p1Including, () => p1Including.Exclude(["p2"], random)));
        calls.Add(("a second inclusion while one waits", p1Including, () => p1Including.Include(["p5"], random)));
        calls.Add(("an upflow to the includer", p1Including, () => p1Including.OnUpflow(include, random)));
        foreach ((string what, CliquesMember member, Action act) in calls)
        {
            string before = Snapshot.Of(member);
            Refusal.Of(act).Should().Be(MpencErrorCode.WrongTurn, what);
            Snapshot.Of(member).Should().Be(before, what);
        }

        // The genuine flows still agree, and the includer's inclusion completes.
        CliquesMember p2Ready = p2Contributed.OnDownflow(d);
        (CliquesMember p4, CliquesFlow d2) = CliquesMember.New("p4").OnUpflow(include, random);
        CliquesMember[] group = [p1Including.OnDownflow(d2), p2Ready.OnDownflow(d2), p3Done.OnDownflow(d2), p4];
        group.Select(m => Convert.ToHexString(m.GroupKey())).Distinct().Should().ContainSingle();
        Refusal.Of(() => CliquesMember.New("p5").OnDownflow(d2)).Should().Be(MpencErrorCode.NotAMember, "a downflow that does not name the receiver");
    }
}
