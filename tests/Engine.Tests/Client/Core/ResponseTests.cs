using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Server answers as inputs of <see cref="DeviceCore.Step"/>: the answered request leaves the outbox; a success the
/// server deduplicates need not be saved at once; a transient refusal is sent again (at most
/// <see cref="Responses.MaxAttempts"/> times); a refused invite is made again once from a fresh bundle, and what can
/// no longer be sent is dropped and reported. The sample state's outbox holds an invite to Carol (id 1, two texts
/// waiting for her accept) and a consume (id 2).
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class ResponseTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["ecc", "pqc"];

    private RichSample _sample = null!;

    private DeviceState Before => _sample.State;

    private OutboxItem Invite => Before.Outbox.Single(i => i.Kind == RequestType.Invite);

    private OutboxItem Consume => Before.Outbox.Single(i => i.Kind == RequestType.ConsumeProtoMsg);

    private static Wire.E2eeAddress Carol => DeviceStateSamples.CarolAddress;

    [OneTimeSetUp]
    public void BuildSample() => _sample = DeviceStateSamples.Rich(Suite, "core responses");

    [Test]
    public void The_sample_outbox_holds_an_invite_and_a_consume_with_texts_waiting_for_the_invite()
    {
        Before.Outbox.Select(i => (i.Id, i.Kind)).Should().Equal((1L, RequestType.Invite), (2L, RequestType.ConsumeProtoMsg));
        Before.PeerOf(Carol).Waiting.Should().HaveCount(2);
        Before.Pending.Should().BeEmpty();
    }

    [Test]
    public void An_answer_to_an_unknown_request_id_changes_nothing_and_need_not_be_saved()
    {
        DeviceStep step = CoreDriver.Step(Before, new ResponseReceived(999, Wire.ResponseCode.Ok, new Wire.ConsumeProtoMsgResponse { Code = Wire.ResponseCode.Ok }));

        step.State.Should().BeSameAs(Before);
        step.Requests.Should().BeEmpty();
        step.Events.Should().BeEmpty();
        step.MustSave.Should().BeFalse();
    }

    [Test]
    public void A_successful_consume_is_forgotten_lazily()
    {
        DeviceStep step = CoreDriver.Step(Before, CoreDriver.Answer(Consume, Wire.ResponseCode.Ok, new Wire.ConsumeProtoMsgResponse { Code = Wire.ResponseCode.Ok }));

        step.State.Outbox.Should().Equal(Invite);
        step.Events.Should().BeEmpty();
        step.MustSave.Should().BeFalse("the server deduplicates a consume, so sending it again after a crash is harmless");
    }

    [Test]
    public void A_successful_one_to_one_send_is_forgotten_lazily()
    {
        DeviceState known = Before with { KnownUsers = Before.KnownUsers.Add($"bob@{CoreDriver.Domain}").Add($"alice@{CoreDriver.Domain}") };
        DeviceStep sent = CoreDriver.Step(known, CoreDriver.Text("bob", "hi"));
        OutboxItem message = sent.Requests.Should().ContainSingle().Which;
        message.Kind.Should().Be(RequestType.SendOne2oneMsg);

        DeviceStep answered = CoreDriver.Step(sent.State with { Unacknowledged = [] }, CoreDriver.Answer(message, Wire.ResponseCode.Ok, new Wire.SendOne2oneMsgResponse { Code = Wire.ResponseCode.Ok }));

        answered.MustSave.Should().BeFalse("the server deduplicates a message by its msg_id");
        answered.State.Outbox.Should().NotContain(i => i.Id == message.Id);
    }

    [Test]
    public void A_successful_invite_must_be_saved_because_the_server_does_not_deduplicate_it()
    {
        DeviceStep step = CoreDriver.Step(Before, CoreDriver.Answer(Invite, Wire.ResponseCode.Ok, new Wire.InviteResponse { Code = Wire.ResponseCode.Ok }));

        step.MustSave.Should().BeTrue();
        step.State.Outbox.Should().Equal(Consume);
        step.State.PeerOf(Carol).Waiting.Should().HaveCount(2, "the texts wait for the accept, not for the answer");
    }

    [Test]
    public void A_consume_answered_NotFound_is_not_an_error()
    {
        DeviceStep step = CoreDriver.Step(Before, CoreDriver.Answer(Consume, Wire.ResponseCode.NotFound, new Wire.ConsumeProtoMsgResponse { Code = Wire.ResponseCode.NotFound }));

        step.Events.Should().BeEmpty("a redelivery crossed the consume: the message is consumed already");
        step.Requests.Should().BeEmpty();
        step.MustSave.Should().BeFalse();
        step.State.Outbox.Should().Equal(Invite);
    }

    [TestCase(Wire.ResponseCode.RequestTimeout)]
    [TestCase(Wire.ResponseCode.InternalServerError)]
    [TestCase(Wire.ResponseCode.ServiceUnavailable)]
    public void A_transient_refusal_sends_the_same_request_again_twice_then_reports_it(Wire.ResponseCode code)
    {
        var refusal = new Wire.ConsumeProtoMsgResponse { Code = code };
        DeviceState state = Before;
        OutboxItem item = Consume;
        for (int attempt = 1; attempt <= Responses.MaxAttempts; attempt++)
        {
            DeviceStep step = CoreDriver.Step(state, CoreDriver.Answer(item, code, refusal));

            OutboxItem again = step.Requests.Should().ContainSingle().Which;
            again.Id.Should().Be(state.NextRequestId, "a request sent again gets a new id");
            again.Attempt.Should().Be(attempt);
            again.Kind.Should().Be(item.Kind);
            again.Request.Should().Equal(item.Request);
            step.Events.Should().BeEmpty();
            step.State.Outbox.Should().NotContain(i => i.Id == item.Id);
            step.State.Outbox[0].Should().Be(again, "what an answer causes is sent before the requests queued after it");
            (state, item) = (step.State, again);
        }

        DeviceStep last = CoreDriver.Step(state, CoreDriver.Answer(item, code, refusal));

        last.Requests.Should().BeEmpty();
        RequestRefused e = last.Events.Should().ContainSingle().Which.Event.Should().BeOfType<RequestRefused>().Subject;
        (e.Request, e.Code).Should().Be(("consume_proto_msg", code));
        last.State.Outbox.Should().Equal(Invite);
    }

    [Test]
    public void A_refused_invite_drops_the_awaiting_session_and_asks_for_a_fresh_bundle_once_keeping_the_texts()
    {
        DeviceStep step = CoreDriver.Step(Before, CoreDriver.Answer(Invite, Wire.ResponseCode.Forbidden, new Wire.InviteResponse { Code = Wire.ResponseCode.Forbidden }));

        step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<RequestRefused>().Which.Request.Should().Be("invite");
        PeerSessions carol = step.State.PeerOf(Carol);
        carol.Sessions.Should().NotContain(s => s is AwaitingAcceptSession);
        carol.Waiting.Should().HaveCount(2, "the texts wait for the new invite");
        OutboxItem lookup = step.Requests.Should().ContainSingle().Which;
        lookup.Kind.Should().Be(RequestType.GetPreKeyBundle);
        CoreDriver.Parse(lookup, Wire.GetPreKeyBundleRequest.Parser).DeviceId.Should().Be(Carol.User.DeviceId);
        DeviceLookup pending = step.State.Pending.Should().ContainSingle().Which.Should().BeOfType<DeviceLookup>().Subject;
        (pending.RequestId, pending.Retry).Should().Be((lookup.Id, true));
        Addresses.SameDevice(pending.Device, Carol).Should().BeTrue();
    }

    [Test]
    public void The_fresh_bundle_gives_a_new_invite_and_a_second_refusal_drops_the_waiting_texts()
    {
        DeviceStep refused = CoreDriver.Step(Before, CoreDriver.Answer(Invite, Wire.ResponseCode.Forbidden, new Wire.InviteResponse { Code = Wire.ResponseCode.Forbidden }));
        var bundle = new Wire.GetPreKeyBundleResponse { Code = Wire.ResponseCode.Ok };
        bundle.PreKeyBundles.Add(_sample.Carol.ToPreKeyBundle(Carol.Clone(), _sample.Carol.OneTimePreKeys[1]));

        DeviceStep reinvited = CoreDriver.Step(refused.State, CoreDriver.Answer(refused.Requests[0], Wire.ResponseCode.Ok, bundle), "fresh bundle");

        OutboxItem invite = reinvited.Requests.Should().ContainSingle().Which;
        invite.Kind.Should().Be(RequestType.Invite);
        reinvited.State.PeerOf(Carol).Newest.Should().BeOfType<AwaitingAcceptSession>();
        reinvited.State.PeerOf(Carol).Waiting.Should().HaveCount(2);
        reinvited.State.Pending.Should().BeEmpty();

        DeviceStep dropped = CoreDriver.Step(reinvited.State, CoreDriver.Answer(invite, Wire.ResponseCode.Forbidden, new Wire.InviteResponse { Code = Wire.ResponseCode.Forbidden }));

        dropped.Events.Should().ContainSingle().Which.Event.Should().BeOfType<RequestRefused>().Which.Request.Should().Be("invite");
        dropped.Requests.Should().BeEmpty("the invite is made again only once");
        dropped.State.PeerOf(Carol).Waiting.Should().BeEmpty();
        dropped.State.PeerOf(Carol).Sessions.Should().NotContain(s => s is AwaitingAcceptSession);
        dropped.State.Pending.Should().BeEmpty();
    }

    [Test]
    public void An_invite_sent_again_after_a_transient_refusal_is_still_made_again_from_a_fresh_bundle_when_refused()
    {
        DeviceStep busy = CoreDriver.Step(Before, CoreDriver.Answer(Invite, Wire.ResponseCode.ServiceUnavailable, new Wire.InviteResponse { Code = Wire.ResponseCode.ServiceUnavailable }));
        OutboxItem again = busy.Requests.Should().ContainSingle().Which;
        (again.Attempt, again.Reinvite).Should().Be((1, false));

        DeviceStep refused = CoreDriver.Step(busy.State, CoreDriver.Answer(again, Wire.ResponseCode.Forbidden, new Wire.InviteResponse { Code = Wire.ResponseCode.Forbidden }));

        refused.Requests.Should().ContainSingle().Which.Kind.Should().Be(RequestType.GetPreKeyBundle, "a resend after a transient code is not the one re-invite");
        refused.State.PeerOf(Carol).Waiting.Should().HaveCount(2);
    }

    [Test]
    public void A_bundle_lookup_refused_for_now_is_sent_again_and_its_pending_operation_waits_for_the_new_request()
    {
        DeviceStep refused = CoreDriver.Step(Before, CoreDriver.Answer(Invite, Wire.ResponseCode.Forbidden, new Wire.InviteResponse { Code = Wire.ResponseCode.Forbidden }));
        OutboxItem lookup = refused.Requests.Should().ContainSingle().Which;

        DeviceStep busy = CoreDriver.Step(refused.State, CoreDriver.Answer(lookup, Wire.ResponseCode.ServiceUnavailable, new Wire.GetPreKeyBundleResponse { Code = Wire.ResponseCode.ServiceUnavailable }));

        OutboxItem again = busy.Requests.Should().ContainSingle().Which;
        again.Kind.Should().Be(RequestType.GetPreKeyBundle);
        busy.Events.Should().BeEmpty();
        busy.State.Pending.Should().ContainSingle().Which.Should().BeOfType<DeviceLookup>().Which.RequestId.Should().Be(again.Id);
        busy.State.PeerOf(Carol).Waiting.Should().HaveCount(2, "the texts still wait for the invite");
    }

    [Test]
    public void A_refused_fresh_bundle_lookup_drops_the_waiting_texts_with_a_report()
    {
        DeviceStep refused = CoreDriver.Step(Before, CoreDriver.Answer(Invite, Wire.ResponseCode.Forbidden, new Wire.InviteResponse { Code = Wire.ResponseCode.Forbidden }));

        DeviceStep dropped = CoreDriver.Step(refused.State, CoreDriver.Answer(refused.Requests[0], Wire.ResponseCode.NotFound, new Wire.GetPreKeyBundleResponse { Code = Wire.ResponseCode.NotFound }));

        dropped.Events.Should().ContainSingle().Which.Event.Should().BeOfType<RequestRefused>().Which.Request.Should().Be("get_pre_key_bundle");
        dropped.State.PeerOf(Carol).Waiting.Should().BeEmpty();
        dropped.Requests.Should().BeEmpty();
        dropped.State.Pending.Should().BeEmpty();
    }

    [Test]
    public void An_invite_refused_because_the_device_is_gone_drops_the_waiting_texts_at_once()
    {
        DeviceStep step = CoreDriver.Step(Before, CoreDriver.Answer(Invite, Wire.ResponseCode.NotFound, new Wire.InviteResponse { Code = Wire.ResponseCode.NotFound }));

        step.Requests.Should().BeEmpty();
        step.State.Pending.Should().BeEmpty();
        step.State.PeerOf(Carol).Waiting.Should().BeEmpty();
        step.State.PeerOf(Carol).Sessions.Should().BeEmpty();
    }

    [Test]
    public void An_AddGroupMembers_answer_that_names_no_newcomer_is_reported_as_missing_field_not_thrown()
    {
        DeviceStep asked = CoreDriver.Step(Before, new AddGroupMembersCommand(GroupParty.GroupAddress, [(CoreDriver.Domain, "frank")]));

        DeviceStep step = CoreDriver.Step(asked.State, CoreDriver.Answer(asked.Requests[0], Wire.ResponseCode.Ok, new Wire.AddGroupMembersResponse { Code = Wire.ResponseCode.Ok }));

        step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<ProtocolFailure>().Which.Code.Should().Be(ProtocolErrorCode.MissingField);
        step.Requests.Should().BeEmpty();
        step.State.Pending.Should().BeEmpty();
        CoreDriver.EncodeProtocolPart(step.State, Before).Should().Equal(CoreDriver.Encode(Before));
    }

    [Test]
    public void An_answer_the_continuation_cannot_use_is_reported_and_its_request_forgotten()
    {
        DeviceStep asked = CoreDriver.Step(Before, new CreateGroupCommand("team", [(CoreDriver.Domain, "bob")]));

        DeviceStep step = CoreDriver.Step(asked.State, CoreDriver.Answer(asked.Requests[0], Wire.ResponseCode.Ok, new Wire.CreateGroupResponse { Code = Wire.ResponseCode.Ok }));

        step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<ProtocolFailure>().Which.Code.Should().Be(ProtocolErrorCode.MissingField);
        step.State.Pending.Should().BeEmpty();
        step.State.Outbox.Should().Equal(Before.Outbox);
        CoreDriver.EncodeProtocolPart(step.State, Before).Should().Equal(CoreDriver.Encode(Before));
    }
}
