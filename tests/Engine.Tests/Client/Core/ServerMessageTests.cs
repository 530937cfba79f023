using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Server-sent messages as inputs of <see cref="DeviceCore.Step"/> (seed 000 §Server-sent events protocols, §Consume
/// ProtoMsg): a processed message is consumed with the outcome; a redelivered one is only consumed again; one that
/// cannot be processed is consumed with its failure class, reported once, and leaves every protocol part of the state
/// as it was (compute, then commit); a heartbeat is reported and never consumed.
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class ServerMessageTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["ecc", "pqc"];

    private RichSample _sample = null!;

    private DeviceState Before => _sample.State;

    [OneTimeSetUp]
    public void BuildSample() => _sample = DeviceStateSamples.Rich(Suite, "core server messages");

    [Test]
    public void A_message_that_decrypts_is_reported_marked_processed_and_consumed_as_succeeded()
    {
        DeviceStep step = CoreDriver.Step(Before, new ServerMessageReceived(CoreDriver.Delivered("m-ok", _sample.HeldBack[0])));

        CoreDriver.ConsumesOnly(step, "m-ok", Wire.ProtoMsgOpState.Succeededed);
        OneToOneMessageReceived received = step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<OneToOneMessageReceived>().Subject;
        DeviceStateSamples.Text(received.Text).Should().Be("b0");
        step.State.HasProcessed("m-ok").Should().BeTrue();
        step.MustSave.Should().BeTrue();
    }

    [Test]
    public void A_redelivered_message_is_only_consumed_again()
    {
        DeviceState processed = CoreDriver.Step(Before, new ServerMessageReceived(CoreDriver.Delivered("m-twice", _sample.HeldBack[0]))).State;
        processed = processed with { Outbox = Before.Outbox, Unacknowledged = [] };

        DeviceStep again = CoreDriver.Step(processed, new ServerMessageReceived(CoreDriver.Delivered("m-twice", _sample.HeldBack[0])), "redelivery");

        CoreDriver.ConsumesOnly(again, "m-twice", Wire.ProtoMsgOpState.Succeededed);
        again.Events.Should().BeEmpty("nothing is decrypted twice");
        again.State.Processed.Should().Equal(processed.Processed);
        CoreDriver.EncodeProtocolPart(again.State, processed).Should().Equal(CoreDriver.Encode(processed));
    }

    [Test]
    public void A_redelivery_of_a_sample_processed_id_is_only_consumed_even_if_it_would_fail_now()
    {
        var garbage = Tamper.Payload(_sample.HeldBack[1], p => p.Ciphertext = Tamper.FlipBit(p.Ciphertext, 0));

        DeviceStep step = CoreDriver.Step(Before, new ServerMessageReceived(CoreDriver.Delivered("proto-msg-0002", garbage)));

        CoreDriver.ConsumesOnly(step, "proto-msg-0002", Wire.ProtoMsgOpState.Succeededed);
        step.Events.Should().BeEmpty();
        CoreDriver.EncodeProtocolPart(step.State, Before).Should().Equal(CoreDriver.Encode(Before));
    }

    [Test]
    public void A_message_with_a_flipped_ciphertext_bit_is_consumed_as_failed_decryption_reported_once_and_changes_no_protocol_state()
    {
        Wire.E2eeMsg tampered = Tamper.Payload(_sample.HeldBack[1], p => p.Ciphertext = Tamper.FlipBit(p.Ciphertext, 3, 2));

        FailsWith(CoreDriver.Delivered("m-bad-tag", tampered), ProtocolErrorCode.BadTag, Wire.ProtoMsgOpState.FailedDecryption);
    }

    [Test]
    public void A_message_for_an_unknown_session_is_consumed_as_failed_decryption()
    {
        Wire.E2eeMsg tampered = Tamper.Copy(_sample.HeldBack[1], m => m.SessionId = "no-such-session");

        FailsWith(CoreDriver.Delivered("m-unknown", tampered), ProtocolErrorCode.UnknownSession, Wire.ProtoMsgOpState.FailedDecryption);
    }

    [Test]
    public void A_group_message_whose_signature_does_not_verify_is_consumed_as_failed_signature()
    {
        Wire.E2eeMsg tampered = Tamper.Copy(_sample.InFlightOldSession, m => m.GroupMsg.Signature = Tamper.FlipBit(m.GroupMsg.Signature, 5));

        FailsWith(CoreDriver.Delivered("m-bad-signature", tampered), ProtocolErrorCode.BadSignature, Wire.ProtoMsgOpState.FailedSignature);
    }

    [Test]
    public void An_invite_without_a_sender_is_consumed_as_failed_escape()
    {
        Wire.InviteMsg invite = Tamper.Copy(_sample.Invite, i => i.From = null);

        FailsWith(CoreDriver.Delivered("m-no-sender", m => m.InviteMsg = invite), ProtocolErrorCode.MissingField, Wire.ProtoMsgOpState.FailedEscape);
    }

    [Test]
    public void An_accept_nobody_waits_for_is_consumed_as_failed_escape()
    {
        var accept = new Wire.AcceptMsg { From = TwoParties.BobAddress, To = TwoParties.AliceAddress, E2EesPackId = Suite.PackId.Value };

        FailsWith(CoreDriver.Delivered("m-accept", m => m.AcceptMsg = accept), ProtocolErrorCode.UnexpectedAccept, Wire.ProtoMsgOpState.FailedEscape);
    }

    [Test]
    public void An_AddGroupMemberDeviceMsg_that_names_no_device_is_consumed_as_failed_escape_not_thrown()
    {
        var add = new Wire.AddGroupMemberDeviceMsg { GroupInfo = GroupParty.GroupInfo, SenderAddress = TwoParties.BobAddress, E2EesPackId = Suite.PackId.Value };

        FailsWith(CoreDriver.Delivered("m-add-nobody", m => m.AddGroupMemberDeviceMsg = add), ProtocolErrorCode.MissingField, Wire.ProtoMsgOpState.FailedEscape);
    }

    [Test]
    public void A_failing_message_without_an_id_is_reported_and_nothing_is_consumed()
    {
        Wire.E2eeMsg tampered = Tamper.Payload(_sample.HeldBack[1], p => p.Ciphertext = Tamper.FlipBit(p.Ciphertext, 0));

        DeviceStep step = CoreDriver.Step(Before, new ServerMessageReceived(new Wire.ProtoMsg { E2EeMsg = tampered }));

        step.Requests.Should().BeEmpty();
        step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<ProtocolFailure>();
        step.State.Processed.Should().Equal(Before.Processed);
        CoreDriver.EncodeProtocolPart(step.State, Before).Should().Equal(CoreDriver.Encode(Before));
    }

    [Test]
    public void A_heartbeat_is_reported_and_never_consumed()
    {
        Wire.ProtoMsg heartbeat = CoreDriver.Delivered("hb-1", m => m.ServerHeartbeatMsg = new Wire.ServerHeartbeatMsg { ServerT = 1234, Hostname = "server" });

        DeviceStep step = CoreDriver.Step(Before, new ServerMessageReceived(heartbeat));

        step.Requests.Should().BeEmpty();
        step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<HeartbeatReceived>().Which.ServerTime.Should().Be(1234);
        step.State.HasProcessed("hb-1").Should().BeFalse();
        step.State.Outbox.Should().Equal(Before.Outbox);
    }

    [Test]
    public void A_message_over_the_wire_limits_is_consumed_as_too_large_without_being_processed()
    {
        Wire.E2eeMsg huge = Tamper.Payload(_sample.HeldBack[0], p => p.Ciphertext = Google.Protobuf.ByteString.CopyFrom(new byte[Protocol.WireLimits.Default.MaxCiphertextBytes + 1]));

        FailsWith(CoreDriver.Delivered("m-huge", huge), ProtocolErrorCode.TooLarge, Wire.ProtoMsgOpState.FailedEscape);
    }

    [Test]
    public void A_message_at_the_wire_limits_is_processed_as_usual()
    {
        Wire.E2eeMsg atLimit = Tamper.Payload(_sample.HeldBack[1], p => p.Ciphertext = Google.Protobuf.ByteString.CopyFrom(new byte[Protocol.WireLimits.Default.MaxCiphertextBytes]));

        FailsWith(CoreDriver.Delivered("m-at-limit", atLimit), ProtocolErrorCode.BadTag, Wire.ProtoMsgOpState.FailedDecryption);
    }

    [Test]
    public void A_message_whose_id_is_over_the_limit_is_reported_but_neither_remembered_nor_consumed()
    {
        string id = new('i', Protocol.WireLimits.Default.MaxIdentifierLength + 1);

        DeviceStep step = CoreDriver.Step(Before, new ServerMessageReceived(CoreDriver.Delivered(id, _sample.HeldBack[0])));

        step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<ProtocolFailure>().Which.Code.Should().Be(ProtocolErrorCode.TooLarge);
        step.State.HasProcessed(id).Should().BeFalse("an id over the limit would let a server fill the device's memory");
        step.State.Outbox.Should().Equal(Before.Outbox, "nothing is consumed: the server would refuse the id");
        CoreDriver.EncodeProtocolPart(step.State, Before).Should().Equal(CoreDriver.Encode(Before));
    }

    private void FailsWith(Wire.ProtoMsg message, ProtocolErrorCode code, Wire.ProtoMsgOpState consumeState)
    {
        byte[] before = CoreDriver.Encode(Before);

        DeviceStep step = CoreDriver.Step(Before, new ServerMessageReceived(message));

        CoreDriver.ConsumesOnly(step, message.Tag.ProtoMsgId, consumeState);
        ProtocolFailure failure = step.Events.Should().ContainSingle().Which.Event.Should().BeOfType<ProtocolFailure>().Subject;
        failure.Code.Should().Be(code, failure.Detail);
        failure.MessageKind.Should().Be(message.PayloadCase.ToString());
        step.State.HasProcessed(message.Tag.ProtoMsgId).Should().BeTrue("retrying cannot make it valid");
        step.State.Pending.Should().Equal(Before.Pending);
        step.MustSave.Should().BeTrue();
        CoreDriver.EncodeProtocolPart(step.State, Before).Should().Equal(before, "a failed input leaves nothing of its computation");
        CoreDriver.Encode(Before).Should().Equal(before, "the state given is never changed");
    }
}
