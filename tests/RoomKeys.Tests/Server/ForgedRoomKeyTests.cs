using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Google.Protobuf;

namespace E2eeConformance.RoomKeys.Tests.Server;

/// <summary>
/// A finding beside the substitution one: a wrapped room key is RSA-OAEP to the member's public key and nothing
/// authenticates who wrapped it (the notification's <c>from</c> is the server's word). So the server itself, which holds
/// every public key, can hand a member a room key of its own making for the next generation; the device takes it as a
/// member's, and its next texts are under a key the server knows.
/// </summary>
public sealed class ForgedRoomKeyTests
{
    [Test]
    public void A_member_takes_a_room_key_the_server_made_and_encrypts_under_it()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");
        var random = new SeededBytes(99);
        RoomKey serversKey = RoomKey.Generate(random);
        byte[] wrapped = RoomHarness.IdentityOf("bob").PublicKey.EncryptRoomKey(serversKey, "r", 2, random);

        h.Deliver(new ServerNotification
        {
            To = "bob",
            ReceiveRoomKey = new ReceiveRoomKeyNotification { SessionId = "r", From = "alice", Generation = 2, RoomKey = ByteString.CopyFrom(wrapped) },
        });
        h.Events("bob").Should().Contain(new RoomKeyReceived("bob", "r", "alice", 2), "the device cannot tell the server's key from alice's");

        h.Say("bob", "r", "read by the server");
        RoomMessage message = h.Requests.Last().SendMessage.Message;
        message.Generation.Should().Be(2);
        RoomMessageCipher.Open(serversKey, "r", "bob", 2, message.Body.Span).Should().Equal("read by the server"u8.ToArray());
    }
}
