using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// <see cref="DeviceCore.Step"/> with a text to a user the device has never looked up (seed 000 §Invite; the
/// multi-device model): the bundles are asked for and the computation waits in a <see cref="UserLookup"/>; the answer
/// is the input that goes on — one invite per device, the text waiting for their accepts.
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class TextToUnknownUserTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["ecc", "pqc"];

    private static readonly Wire.E2eeAddress Dave1 = GroupParty.AddressOf("dave");
    private static readonly Wire.E2eeAddress Dave2 = GroupParty.AddressOf("dave/dev2");

    [Test]
    public void A_text_to_an_unknown_user_asks_for_its_bundles_once_and_waits_for_the_answer()
    {
        DeviceState before = CoreDriver.Alice(Suite);

        DeviceStep step = CoreDriver.Step(before, CoreDriver.Text("dave", "hi dave"));

        OutboxItem lookup = step.Requests.Should().ContainSingle().Which;
        lookup.Kind.Should().Be(RequestType.GetPreKeyBundle);
        lookup.Cause.Should().Be("SendText");
        Wire.GetPreKeyBundleRequest request = CoreDriver.Parse(lookup, Wire.GetPreKeyBundleRequest.Parser);
        (request.Domain, request.UserId, request.DeviceId).Should().Be((CoreDriver.Domain, "dave", ""), "every device of the user is asked for");
        UserLookup pending = step.State.Pending.Should().ContainSingle().Which.Should().BeOfType<UserLookup>().Subject;
        pending.RequestId.Should().Be(lookup.Id);
        pending.Index.Should().Be(0);
        step.State.Outbox.Should().ContainSingle().Which.Should().Be(lookup, "the request is saved with the state before it leaves");
        step.Events.Should().BeEmpty();
        step.MustSave.Should().BeTrue();
        step.State.KnownUsers.Should().NotContain($"dave@{CoreDriver.Domain}", "nothing is known before the answer");
        step.State.Peers.Keys.Should().BeEquivalentTo(before.Peers.Keys);
    }

    [Test]
    public void The_answer_with_the_bundles_invites_each_device_and_the_text_waits_for_their_accepts()
    {
        DeviceStep asked = CoreDriver.Step(CoreDriver.Alice(Suite), CoreDriver.Text("dave", "hi dave"));
        OutboxItem lookup = asked.Requests[0];

        DeviceStep answered = CoreDriver.Step(asked.State, CoreDriver.Answer(lookup, Wire.ResponseCode.Ok, CoreDriver.Bundles(Suite, "dave", "dave/dev2")), "answer");

        answered.Requests.Should().HaveCount(2).And.OnlyContain(r => r.Kind == RequestType.Invite);
        answered.Requests.Select(r => CoreDriver.Parse(r, Wire.InviteRequest.Parser).Msg.To)
            .Should().BeEquivalentTo([Dave1, Dave2], "one invite per device of the user");
        answered.State.Outbox.Should().NotContain(i => i.Id == lookup.Id, "the answered request leaves the outbox");
        answered.State.Pending.Should().BeEmpty();
        answered.State.KnownUsers.Should().Contain($"dave@{CoreDriver.Domain}");
        foreach (Wire.E2eeAddress device in new[] { Dave1, Dave2 })
        {
            PeerSessions peer = answered.State.PeerOf(device);
            peer.Newest.Should().BeOfType<AwaitingAcceptSession>();
            peer.Waiting.Should().ContainSingle().Which.CommonMsg.ToStringUtf8().Should().Be("hi dave");
        }

        answered.State.OutboxOf(RequestType.SendOne2oneMsg).Should().BeEmpty("nothing can be encrypted before an accept");
        answered.MustSave.Should().BeTrue();
    }

    [Test]
    public void When_its_own_user_was_never_looked_up_the_answer_invites_first_and_then_looks_up_its_own_user()
    {
        DeviceStep asked = CoreDriver.Step(CoreDriver.Alice(Suite, ownUserKnown: false), CoreDriver.Text("dave", "hi dave"));

        DeviceStep answered = CoreDriver.Step(asked.State, CoreDriver.Answer(asked.Requests[0], Wire.ResponseCode.Ok, CoreDriver.Bundles(Suite, "dave")), "answer");

        answered.Requests.Select(r => r.Kind).Should().Equal(RequestType.Invite, RequestType.GetPreKeyBundle);
        CoreDriver.Parse(answered.Requests[1], Wire.GetPreKeyBundleRequest.Parser).UserId.Should().Be("alice");
        answered.State.Pending.Should().ContainSingle().Which.Should().BeOfType<UserLookup>().Which.Index.Should().Be(1);
        answered.State.PeerOf(Dave1).Waiting.Should().BeEmpty("the text goes out once every user is looked up");
    }

    [Test]
    public void A_refused_lookup_raises_RequestRefused_for_get_pre_key_bundle_and_sends_nothing()
    {
        DeviceStep asked = CoreDriver.Step(CoreDriver.Alice(Suite), CoreDriver.Text("dave", "hi dave"));

        DeviceStep refused = CoreDriver.Step(asked.State, CoreDriver.Answer(asked.Requests[0], Wire.ResponseCode.NotFound, new Wire.GetPreKeyBundleResponse { Code = Wire.ResponseCode.NotFound }));

        RequestRefused e = refused.Events.Should().ContainSingle().Which.Event.Should().BeOfType<RequestRefused>().Subject;
        e.Request.Should().Be("get_pre_key_bundle");
        e.Code.Should().Be(Wire.ResponseCode.NotFound);
        refused.Requests.Should().BeEmpty();
        refused.State.Pending.Should().BeEmpty();
        refused.State.Outbox.Should().BeEmpty();
        refused.State.PeerOf(Dave1).Sessions.Should().BeEmpty();
        refused.MustSave.Should().BeTrue();
    }

    [Test]
    public void A_user_whose_lookup_was_refused_is_looked_up_again_by_the_next_text()
    {
        DeviceStep asked = CoreDriver.Step(CoreDriver.Alice(Suite), CoreDriver.Text("dave", "first"));
        DeviceStep refused = CoreDriver.Step(asked.State, CoreDriver.Answer(asked.Requests[0], Wire.ResponseCode.ServiceUnavailable, new Wire.GetPreKeyBundleResponse()));

        DeviceStep again = CoreDriver.Step(refused.State, CoreDriver.Text("dave", "second"));

        refused.State.KnownUsers.Should().NotContain($"dave@{CoreDriver.Domain}", "no device of the user is known after a refusal");
        again.Requests.Should().ContainSingle().Which.Kind.Should().Be(RequestType.GetPreKeyBundle, "otherwise the second text would go to no device, silently");
    }

    [Test]
    public void A_text_to_a_user_already_looked_up_with_an_established_session_is_encrypted_at_once()
    {
        DeviceState alice = CoreDriver.Alice(Suite);
        alice = alice with { KnownUsers = alice.KnownUsers.Add($"bob@{CoreDriver.Domain}") };

        DeviceStep step = CoreDriver.Step(alice, CoreDriver.Text("bob", "hi bob"));

        step.Requests.Should().ContainSingle().Which.Kind.Should().Be(RequestType.SendOne2oneMsg);
        step.State.Pending.Should().BeEmpty();
        step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<OneToOneMessageSent>().Which.To.Should().Be(Addresses.Format(TwoParties.BobAddress));
    }
}
