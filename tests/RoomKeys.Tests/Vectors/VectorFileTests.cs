using System.Text.Json.Nodes;
using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Vectors;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Tests.Vectors;

/// <summary>
/// The family's vector file (<c>vectors/room-keys_rsa.json</c>): it verifies as generated, every tampered twin fails
/// with its stable code, and every changed output or broken input is caught by name.
/// </summary>
public sealed class VectorFileTests
{
    private const int Wrap = 0, Message = 1, EmptyMessage = 2, Exchange = 3;

    private static JsonNode File() => JsonNode.Parse(RoomKeyVectorFile.Generate())!;

    private static JsonNode Outputs(JsonNode file, int index) => file["cases"]![index]!["outputs"]!;

    private static byte[] Hex(JsonNode node, string field) => Convert.FromHexString(node[field]!.GetValue<string>());

    [Test]
    public void The_generated_file_verifies_every_case()
    {
        JsonNode file = File();

        RoomKeyVectorFile.Accepts(file).Should().BeTrue();
        RoomKeyVectorFile.Verify(file).Select(c => (c.Case, c.Passed)).Should().Equal(
            ("room-key-rsa-oaep-2048", true), ("room-message", true), ("room-message-empty", true), ("distribution-invite-send-room-key", true));
        RoomKeyVectorFile.Generate().Should().Be(RoomKeyVectorFile.Generate(), "generation is deterministic");
    }

    [TestCase(Wrap, "bad_room_key", "bad_room_key", "bad_room_key", "malformed")]
    [TestCase(Message, "bad_tag", "bad_tag", "bad_tag", "bad_tag", "malformed")]
    [TestCase(EmptyMessage, "bad_tag", "malformed")]
    [TestCase(Exchange, "bad_room_key", "bad_room_key", "bad_room_key", "malformed")]
    public void Every_tampered_twin_fails_with_its_stable_code(int index, params string[] codes)
    {
        JsonArray twins = Outputs(File(), index)["twins"]!.AsArray();

        twins.Select(t => t!["expect"]!.GetValue<string>()).Should().Equal(codes);
        codes.Should().OnlyContain(c => RoomKeyErrorCodes.All.Contains(c));
    }

    [Test]
    public void The_wrapped_key_and_the_message_are_what_their_cases_state()
    {
        JsonNode file = File();
        JsonNode wrap = file["cases"]![Wrap]!, message = file["cases"]![Message]!;

        Hex(Outputs(file, Wrap), "label").Should().Equal(RoomKeyLabel.Of("room-1", 3));
        Hex(Outputs(file, Wrap), "ciphertext").Should().HaveCount(256);
        Hex(Outputs(file, Wrap), "decrypts_to").Should().Equal(Hex(wrap, "room_key"));
        RoomKeyVectorFile.Identity(wrap.AsObject()).PublicKey.Bits.Should().Be(2048);
        byte[] sealedText = Hex(Outputs(file, Message), "sealed");
        sealedText.Should().HaveCount(RoomMessageCipher.NonceLength + "hello room".Length + RoomMessageCipher.TagLength);
        sealedText[..RoomMessageCipher.NonceLength].Should().Equal(Hex(message, "nonce"));
        Hex(Outputs(file, Message), "ad").Should().Equal(RoomKeyLabel.OfMessage("room-1", "alice", 3));
        Hex(Outputs(file, EmptyMessage), "sealed").Should().HaveCount(RoomMessageCipher.NonceLength + RoomMessageCipher.TagLength);
    }

    [Test]
    public void The_exchange_is_a_send_room_key_request_and_the_receive_room_key_notification_it_causes()
    {
        JsonNode file = File();
        JsonNode outputs = Outputs(file, Exchange);

        ServerNotification accepted = ServerNotification.Parser.ParseFrom(Hex(outputs, "accept_session_notification_pb"));
        ServerRequest request = ServerRequest.Parser.ParseFrom(Hex(outputs, "send_room_key_request_pb"));
        ServerNotification delivered = ServerNotification.Parser.ParseFrom(Hex(outputs, "receive_room_key_notification_pb"));

        accepted.To.Should().Be("alice");
        accepted.AcceptSession.User.Should().Be("bob");
        request.From.Should().Be("alice");
        request.SendRoomKey.Should().Be(new SendRoomKeyRequest { SessionId = "room-1", User = "bob", Generation = 1, RoomKey = Google.Protobuf.ByteString.CopyFrom(Hex(outputs, "wrapped_room_key")) });
        delivered.To.Should().Be("bob");
        delivered.ServerTimeMs.Should().Be(1750000000000);
        delivered.ReceiveRoomKey.From.Should().Be("alice");
        delivered.ReceiveRoomKey.RoomKey.Should().Equal(request.SendRoomKey.RoomKey);
        RsaIdentity bob = RoomKeyVectorFile.Identity(file["cases"]![Exchange]!.AsObject());
        bob.DecryptRoomKey(delivered.ReceiveRoomKey.RoomKey.Span, "room-1", 1).Bytes.Should().Equal(Hex(file["cases"]![Exchange]!, "room_key"));
    }

    [TestCase(Wrap, "ciphertext")]
    [TestCase(Wrap, "decrypts_to")]
    [TestCase(Message, "sealed")]
    [TestCase(Message, "ad")]
    [TestCase(Exchange, "send_room_key_request_pb")]
    [TestCase(Exchange, "receive_room_key_notification_pb")]
    public void A_changed_output_fails_its_case_naming_the_field(int index, string field)
    {
        JsonNode file = File();
        JsonNode outputs = Outputs(file, index);
        byte[] bytes = Hex(outputs, field);
        bytes[^1] ^= 0x01;
        outputs[field] = Convert.ToHexStringLower(bytes);

        RoomKeyVectorCase result = RoomKeyVectorFile.Verify(file)[index];

        result.Passed.Should().BeFalse();
        result.Disagreements.Should().Equal($"{field} differs");
    }

    [TestCase(Wrap, "oaep_seed", "ciphertext differs")]
    [TestCase(Message, "nonce", "sealed differs")]
    [TestCase(Exchange, "oaep_seed", "wrapped_room_key differs", "send_room_key_request_pb differs", "receive_room_key_notification_pb differs")]
    public void A_changed_random_input_changes_exactly_the_outputs_it_feeds(int index, string field, params string[] disagreements)
    {
        JsonNode file = File();
        JsonNode c = file["cases"]![index]!;
        byte[] bytes = Hex(c, field);
        bytes[0] ^= 0x01;
        c[field] = Convert.ToHexStringLower(bytes);

        RoomKeyVectorFile.Verify(file)[index].Disagreements.Should().Equal(disagreements);
    }

    [Test]
    public void A_twin_whose_expected_code_is_changed_fails_and_a_twin_that_changes_nothing_is_caught()
    {
        JsonNode file = File();
        Outputs(file, Wrap)["twins"]![0]!["expect"] = "malformed";
        file["cases"]![Message]!["twins"]![2]!["value"] = 3;
        Outputs(file, Message)["twins"]![2]!["value"] = 3;

        IReadOnlyList<RoomKeyVectorCase> results = RoomKeyVectorFile.Verify(file);

        results[Wrap].Disagreements.Should().Equal("twins differs");
        results[Message].Disagreements.Should().ContainSingle().Which.Should().Be("twins differs", "a twin read as of the genuine generation reads, and the file says bad_tag");
    }

    [TestCase(Wrap, "room_key", "\"zz\"")]
    [TestCase(Wrap, "oaep_seed", "\"00\"")]
    [TestCase(Message, "nonce", "\"000102030405060708090a0b0c\"")]
    [TestCase(Message, "twins", "[{\"change\": \"swap\"}]")]
    [TestCase(Message, "twins", "[{\"change\": \"truncate\", \"value\": 1000}]")]
    [TestCase(Wrap, "kind", "\"rsa\"")]
    [TestCase(Exchange, "generation", "2")]
    public void A_broken_input_is_reported_not_thrown(int index, string field, string json)
    {
        JsonNode file = File();
        file["cases"]![index]![field] = JsonNode.Parse(json);

        RoomKeyVectorCase result = RoomKeyVectorFile.Verify(file)[index];

        result.Disagreements.Should().ContainSingle().Which.Should().StartWith("cannot read the case:");
    }

    [TestCase("d")]
    [TestCase("p")]
    [TestCase("qinv")]
    public void Key_components_that_do_not_agree_are_refused_as_malformed(string component)
    {
        JsonNode file = File();
        JsonNode key = file["cases"]![Exchange]!["rsa_key"]!;
        byte[] bytes = Hex(key, component);
        bytes[^1] ^= 0x02;
        key[component] = Convert.ToHexStringLower(bytes);

        RoomKeyVectorFile.Verify(file)[Exchange].Disagreements.Should().ContainSingle().Which.Should().StartWith("cannot read the case: malformed: the RSA key's components do not agree");
        Action direct = () => RoomKeyVectorFile.Identity(file["cases"]![Exchange]!.AsObject());
        direct.Should().Throw<RoomKeyException>().Which.Code.Should().Be(RoomKeyErrorCode.Malformed);
    }

    [Test]
    public void Only_a_room_key_file_is_accepted_and_a_file_without_cases_is_one_failure()
    {
        RoomKeyVectorFile.Accepts(JsonNode.Parse("""{"family": 3}""")).Should().BeFalse();
        RoomKeyVectorFile.Accepts(JsonNode.Parse("""{"family": "sender-keys"}""")).Should().BeFalse();
        RoomKeyVectorFile.Verify(JsonNode.Parse("""{"family": "room-keys"}""")!).Should().ContainSingle().Which.Disagreements.Should().Equal("no cases array");
    }
}
