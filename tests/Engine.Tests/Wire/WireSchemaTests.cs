using System.Text.Json;
using E2eeConformance.Engine.Wire;
using E2eeConformance.TestSupport;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace E2eeConformance.Engine.Tests.Wire;

/// <summary>Checks the hand-written .proto schema against the reference field numbering (docs/REFERENCE-BEHAVIOUR.md §43) and a reference byte string.</summary>
[TestFixture]
public sealed class WireSchemaTests
{
    private static int Number(MessageDescriptor descriptor, string field)
    {
        FieldDescriptor? fd = descriptor.FindFieldByName(field);
        fd.Should().NotBeNull($"{descriptor.Name}.{field} must exist");
        return fd!.FieldNumber;
    }

    [Test]
    public void E2eeMsgPayloadNumbers()
    {
        Number(E2eeMsg.Descriptor, "one2one_msg").Should().Be(11);
        Number(E2eeMsg.Descriptor, "group_msg").Should().Be(12);
        E2eeMsg.Descriptor.FindFieldByName("one2one_msg").ContainingOneof.Name.Should().Be("payload");
        E2eeMsg.Descriptor.FindFieldByName("group_msg").ContainingOneof.Name.Should().Be("payload");
    }

    [Test]
    public void PlaintextNumbers()
    {
        Number(Plaintext.Descriptor, "common_msg").Should().Be(2);
        Number(Plaintext.Descriptor, "group_pre_key_bundle").Should().Be(12);
        Number(Plaintext.Descriptor, "group_update_key_bundle").Should().Be(13);
    }

    [Test]
    public void InviteMsgNumbers()
    {
        Number(InviteMsg.Descriptor, "alice_identity_key").Should().Be(6);
        Number(InviteMsg.Descriptor, "alice_base_key").Should().Be(7);
        Number(InviteMsg.Descriptor, "pre_shared_input_list").Should().Be(8);
        InviteMsg.Descriptor.FindFieldByName("pre_shared_input_list").IsRepeated.Should().BeTrue();
    }

    [Test]
    public void AcceptMsgNumbers()
    {
        Number(AcceptMsg.Descriptor, "encaps_ciphertext").Should().Be(4);
        Number(AcceptMsg.Descriptor, "ratchet_key").Should().Be(5);
    }

    [Test]
    public void One2oneMsgPayloadNumbers()
    {
        Number(One2oneMsgPayload.Descriptor, "sequence").Should().Be(1);
        Number(One2oneMsgPayload.Descriptor, "ciphertext").Should().Be(2);
        Number(One2oneMsgPayload.Descriptor, "ratchet_key").Should().Be(3);
        Number(One2oneMsgPayload.Descriptor, "root_sequence").Should().Be(4);
        Number(One2oneMsgPayload.Descriptor, "sending_message_sequence").Should().Be(5);
    }

    [Test]
    public void GroupMsgPayloadNumbers()
    {
        Number(GroupMsgPayload.Descriptor, "sequence").Should().Be(1);
        Number(GroupMsgPayload.Descriptor, "ciphertext").Should().Be(2);
        Number(GroupMsgPayload.Descriptor, "signature").Should().Be(3);
    }

    [Test]
    public void ProtoMsgNumbers()
    {
        Number(ProtoMsg.Descriptor, "e2ee_msg").Should().Be(51);
        Number(ProtoMsg.Descriptor, "signature_list").Should().Be(1001);
        ProtoMsg.Descriptor.FindFieldByName("signature_list").IsRepeated.Should().BeTrue();
        ProtoMsg.Descriptor.FindFieldByName("signature_list").ContainingOneof.Should().BeNull();
    }

    [Test]
    public void ReferenceOne2oneE2eeMsgRoundTrips()
    {
        string path = Path.Combine(SharedPaths.E2eeSecurity, "pqc_one2one.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        string hex = doc.RootElement.GetProperty("messages")[0].GetProperty("e2ee_msg_pb").GetString()!;
        byte[] input = Convert.FromHexString(hex);

        E2eeMsg msg = E2eeMsg.Parser.ParseFrom(input);

        msg.PayloadCase.Should().Be(E2eeMsg.PayloadOneofCase.One2OneMsg);
        msg.One2OneMsg.Sequence.Should().Be(0u);
        msg.ToByteArray().Should().Equal(input);
    }
}
