using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// A one-to-one message too far ahead of its chain (<c>jump_too_far</c>) from an honest peer is held, not discarded,
/// and read once the gap before it narrows (issue 11, item 4); held messages are unauthenticated, so they are bounded
/// (<see cref="PeerSessions.MaxHeldForGap"/>), a copy takes no second slot and a full list refuses the newcomer.
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class JumpTooFarHoldingTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["ecc", "pqc"];

    private FarAheadConversation _c = null!;

    private static Wire.E2eeAddress Bob => TwoParties.BobAddress;

    [OneTimeSetUp]
    public void BuildConversation() => _c = FarAheadConversation.Build(Suite, "jump-too-far holding");

    [Test]
    public void A_message_600_keys_ahead_is_held_consumed_as_succeeded_and_reported_as_deferred()
    {
        DeviceStep step = FarAheadConversation.Deliver(_c.Alice, "far", _c.Farthest);

        CoreDriver.ConsumesOnly(step, "far", Wire.ProtoMsgOpState.Succeededed);
        MessageDeferred deferred = step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<MessageDeferred>().Subject;
        deferred.Reason.Should().Be("too far ahead of the chain: held until the gap narrows");
        deferred.MsgId.Should().Be(_c.Farthest.MsgId);
        PeerSessions peer = step.State.PeerOf(Bob);
        peer.HeldForGap.Should().ContainSingle().Which.Should().Be(_c.Farthest);
        peer.Sessions.Should().Equal(_c.Alice.PeerOf(Bob).Sessions, "holding derives no key and changes no session");
    }

    [Test]
    public void The_held_message_stays_held_while_still_too_far_and_is_read_right_after_the_message_that_brings_it_within_the_limit()
    {
        int narrowing = FarAheadConversation.NarrowingIndex(_c.Farthest.One2OneMsg.Sequence);
        DeviceState state = FarAheadConversation.Deliver(_c.Alice, "far", _c.Farthest).State;

        state = _c.DeliverFirst(state, 1, narrowing - 1);
        state.PeerOf(Bob).HeldForGap.Should().ContainSingle("one key short of the limit it still jumps too far");

        DeviceStep step = FarAheadConversation.Deliver(state, "narrowing", _c.First[narrowing]);

        CoreDriver.ConsumesOnly(step, "narrowing", Wire.ProtoMsgOpState.Succeededed);
        step.Events.Select(e => e.Event).Cast<OneToOneMessageReceived>().Select(e => DeviceStateSamples.Text(e.Text))
            .Should().Equal($"x{narrowing}", $"y{FarAheadConversation.SecondChain - 1}");
        step.State.PeerOf(Bob).HeldForGap.Should().BeEmpty();

        DeviceState rest = _c.DeliverFirst(step.State, narrowing + 1, FarAheadConversation.FirstChain - 1);
        FarAheadConversation.Deliver(rest, "y0", _c.Second[0]).Events.Should().ContainSingle().Which.Event.Should().BeOfType<OneToOneMessageReceived>("the kept keys of the opened chain still work");
    }

    [Test]
    public void A_tampered_held_message_is_dropped_with_a_report_once_the_gap_narrows_and_the_narrowing_message_is_still_read()
    {
        Wire.E2eeMsg tampered = Tamper.Payload(_c.Farthest, p => p.Ciphertext = Tamper.FlipBit(p.Ciphertext, 2));
        int narrowing = FarAheadConversation.NarrowingIndex(tampered.One2OneMsg.Sequence);
        DeviceStep held = FarAheadConversation.Deliver(_c.Alice, "tampered", tampered);
        CoreDriver.ConsumesOnly(held, "tampered", Wire.ProtoMsgOpState.Succeededed);
        DeviceState state = _c.DeliverFirst(held.State, 1, narrowing - 1);

        DeviceStep step = FarAheadConversation.Deliver(state, "narrowing", _c.First[narrowing]);

        CoreDriver.ConsumesOnly(step, "narrowing", Wire.ProtoMsgOpState.Succeededed);
        step.Events.Should().HaveCount(2);
        DeviceStateSamples.Text(step.Events[0].Event.Should().BeOfType<OneToOneMessageReceived>().Subject.Text).Should().Be($"x{narrowing}");
        ProtocolFailure failure = step.Events[1].Event.Should().BeOfType<ProtocolFailure>().Subject;
        failure.Code.Should().Be(ProtocolErrorCode.BadTag);
        failure.Detail.Should().Contain(tampered.MsgId);
        failure.MsgId.Should().Be(tampered.MsgId, "the failure names the held message, not the one that narrowed the gap");
        step.State.PeerOf(Bob).HeldForGap.Should().BeEmpty("a held message that fails otherwise is dropped");

        FarAheadConversation.Deliver(step.State, "genuine", _c.Farthest).Events.Should().ContainSingle()
            .Which.Event.Should().BeOfType<OneToOneMessageReceived>("the tampered copy spent no key: the genuine message still decrypts");
    }

    [Test]
    public void A_copy_of_a_held_message_takes_no_second_slot_even_under_another_message_id()
    {
        DeviceState state = FarAheadConversation.Deliver(_c.Alice, "far", _c.Farthest).State;
        Wire.E2eeMsg copy = Tamper.Copy(_c.Farthest, m => m.MsgId = "replayed-under-another-id");

        DeviceStep step = FarAheadConversation.Deliver(state, "far-again", copy);

        CoreDriver.ConsumesOnly(step, "far-again", Wire.ProtoMsgOpState.Succeededed);
        step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<MessageDeferred>().Which.Reason.Should().Contain("a copy is already held");
        step.State.PeerOf(Bob).HeldForGap.Should().ContainSingle();
    }

    [Test]
    public void Exactly_64_messages_are_held_and_the_65th_is_refused_as_jump_too_far_without_evicting_any()
    {
        const int Bound = PeerSessions.MaxHeldForGap;
        Bound.Should().Be(64);
        DeviceState state = _c.Alice;
        int firstHeld = FarAheadConversation.SecondChain - Bound;
        for (int s = firstHeld; s < FarAheadConversation.SecondChain; s++)
        {
            state = FarAheadConversation.Deliver(state, $"y-{s}", _c.Second[s]).State;
        }

        state.PeerOf(Bob).HeldForGap.Should().HaveCount(Bound, "at the bound every one is held");

        DeviceStep refused = FarAheadConversation.Deliver(state, "one-past", _c.Second[firstHeld - 1]);

        CoreDriver.ConsumesOnly(refused, "one-past", Wire.ProtoMsgOpState.FailedDecryption);
        refused.Events.Should().ContainSingle().Which.Event.Should().BeOfType<ProtocolFailure>().Which.Code.Should().Be(ProtocolErrorCode.JumpTooFar);
        refused.State.PeerOf(Bob).HeldForGap.Should().Equal(state.PeerOf(Bob).HeldForGap, "nothing held is evicted");

        DeviceState healed = _c.DeliverFirst(refused.State, 1, FarAheadConversation.FirstChain - 1);
        healed.PeerOf(Bob).HeldForGap.Should().BeEmpty("every held message is read once the gap filled");
        healed.Unacknowledged.Should().BeEmpty();
    }

    [Test]
    public void Every_held_message_is_read_once_the_gap_fills_each_once_in_the_step_that_narrows_it()
    {
        DeviceState state = _c.Alice;
        int[] sequences = [FarAheadConversation.SecondChain - 1, 250, 230];
        foreach (int s in sequences)
        {
            state = FarAheadConversation.Deliver(state, $"y-{s}", _c.Second[s]).State;
        }

        List<string> read = [];
        for (int k = 1; k < FarAheadConversation.FirstChain; k++)
        {
            DeviceStep step = FarAheadConversation.Deliver(state, $"x-{k}", _c.First[k]);
            read.AddRange(step.Events.Select(e => e.Event).OfType<OneToOneMessageReceived>().Select(e => DeviceStateSamples.Text(e.Text)).Where(t => t.StartsWith('y')));
            state = step.State with { Outbox = [], Unacknowledged = [] };
        }

        read.Should().BeEquivalentTo(sequences.Select(s => $"y{s}"));
        read[0].Should().Be("y230", "the nearest is the first within reach; once it opened the chain the others are in-chain steps");
        state.PeerOf(Bob).HeldForGap.Should().BeEmpty();
    }
}
