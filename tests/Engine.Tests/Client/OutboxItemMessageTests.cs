using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Protocol;
using Google.Protobuf;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// An outbox item made in this process keeps the request message it was serialized from, so an in-process transport
/// passes it on without parsing the bytes back (issue 17 §3). The message is not stored and is not part of equality:
/// a state restored from its stored form equals the one saved.
/// </summary>
[TestFixture]
public sealed class OutboxItemMessageTests
{
    [Test]
    public void A_queued_request_keeps_its_message_and_the_same_bytes()
    {
        var request = new Engine.Wire.ConsumeProtoMsgRequest { ProtoMsgId = "p-1" };
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc).Send(RequestType.ConsumeProtoMsg, request);

        OutboxItem item = state.Outbox[^1];
        item.Message.Should().BeSameAs(request);
        item.Request.Should().Equal(request.ToByteArray());
    }

    [Test]
    public void The_message_takes_no_part_in_equality_and_is_not_stored()
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc).Send(RequestType.ConsumeProtoMsg, new Engine.Wire.ConsumeProtoMsgRequest { ProtoMsgId = "p-2" });
        OutboxItem item = state.Outbox[^1];

        (item with { Message = null }).Should().Be(item);
        DeviceState restored = DeviceStateCodec.Decode(DeviceStateCodec.Encode(state));
        restored.Outbox[^1].Message.Should().BeNull();
        restored.Outbox[^1].Request.Should().Equal(item.Request);
    }
}
