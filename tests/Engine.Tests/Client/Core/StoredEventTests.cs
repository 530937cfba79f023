using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Events kept in the state until the application acknowledges them (at-least-once): each gets the next id of the
/// device, in the order produced, ids are never reused, and acknowledging forgets them without a save of its own.
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class StoredEventTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["ecc", "pqc"];

    private RichSample _sample = null!;

    [OneTimeSetUp]
    public void BuildSample() => _sample = DeviceStateSamples.Rich(Suite, "core events");

    private static Wire.ProtoMsg Heartbeat(long t) => CoreDriver.Delivered($"hb-{t}", m => m.ServerHeartbeatMsg = new Wire.ServerHeartbeatMsg { ServerT = t });

    [Test]
    public void Events_get_increasing_ids_across_steps_and_are_kept_until_acknowledged()
    {
        DeviceState state = _sample.State;
        long first = state.NextEventId;

        DeviceStep one = CoreDriver.Step(state, new ServerMessageReceived(CoreDriver.Delivered("m-1", _sample.HeldBack[0])));
        DeviceStep two = CoreDriver.Step(one.State, new ServerMessageReceived(CoreDriver.Delivered("m-2", _sample.HeldBack[1])));
        DeviceStep three = CoreDriver.Step(two.State, new ServerMessageReceived(Heartbeat(7)));

        one.Events.Select(e => e.Id).Should().Equal(first);
        two.Events.Select(e => e.Id).Should().Equal(first + 1);
        three.Events.Select(e => e.Id).Should().Equal(first + 2);
        three.State.Unacknowledged.Should().Equal([.. one.Events, .. two.Events, .. three.Events]);
        three.State.NextEventId.Should().Be(first + 3);
    }

    [Test]
    public void Several_events_of_one_step_get_consecutive_ids_in_the_order_produced()
    {
        // Carol accepts Alice's pending invite: the session is established and the two texts that waited for it go out.
        (_, _, Wire.AcceptMsg accept) = SessionResponder.Accept(
            _sample.Carol, DeviceStateSamples.CarolAddress, TwoParties.AsDeliveredByServer(_sample.Invite, _sample.State.Account), new ReferenceStreamRandom("carol accepts"));
        DeviceState state = _sample.State with { NextEventId = 41 };

        DeviceStep accepted = CoreDriver.Step(state, new ServerMessageReceived(CoreDriver.Delivered("m-accept", m => m.AcceptMsg = accept)));

        accepted.Events.Select(e => e.Event.GetType().Name).Should().Equal(nameof(SessionEstablished), nameof(OneToOneMessageSent), nameof(OneToOneMessageSent));
        accepted.Events.Select(e => e.Id).Should().Equal(41L, 42L, 43L);
        accepted.Events.Skip(1).Select(e => DeviceStateSamples.Text(((OneToOneMessageSent)e.Event).Text)).Should().Equal("waiting for carol 1", "waiting for carol 2");
        accepted.State.NextEventId.Should().Be(44);
    }

    [Test]
    public void Acknowledging_removes_exactly_those_events_lazily_and_their_ids_are_not_reused()
    {
        DeviceState state = _sample.State;
        for (long t = 1; t <= 3; t++)
        {
            state = CoreDriver.Step(state, new ServerMessageReceived(Heartbeat(t))).State;
        }

        long[] ids = [.. state.Unacknowledged.Select(e => e.Id)];
        DeviceStep acked = CoreDriver.Step(state, new EventsAcknowledged([ids[0], ids[2], 999]));

        acked.State.Unacknowledged.Select(e => e.Id).Should().Equal(ids[1]);
        acked.MustSave.Should().BeFalse("an acknowledged event raised again after a crash is deduplicated by its id");
        acked.Requests.Should().BeEmpty();
        acked.Events.Should().BeEmpty();

        DeviceStep next = CoreDriver.Step(acked.State, new ServerMessageReceived(Heartbeat(4)));

        next.Events.Should().ContainSingle().Which.Id.Should().Be(ids[2] + 1);
    }

    [Test]
    public void Acknowledging_nothing_leaves_the_state_as_it_was()
    {
        DeviceStep step = CoreDriver.Step(_sample.State, new EventsAcknowledged([]));

        step.State.Should().BeSameAs(_sample.State);
        step.MustSave.Should().BeFalse();
    }

    [Test]
    public void An_input_that_changes_nothing_need_not_be_saved()
    {
        DeviceStep step = CoreDriver.Step(_sample.State, new ClockTick());

        step.State.Should().BeSameAs(_sample.State, "the signed pre-key is not due for renewal at this time");
        step.MustSave.Should().BeFalse();
    }
}
