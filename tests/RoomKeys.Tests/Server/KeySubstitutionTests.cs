using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Server;

/// <summary>
/// The finding "the server can substitute a public key" (seed 002 hands public keys out through the server, with no
/// way for a member to check them): a malicious server gives the approver mallory's key as bob's; the approver wraps
/// the room key to mallory, bob's device refuses it, and mallory opens it and reads the room.
/// </summary>
public sealed class KeySubstitutionTests
{
    [Test]
    public void An_approver_handed_a_substituted_key_wraps_the_room_key_to_the_substitute()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice");
        h.Register("bob", "mallory");
        h.Server.Substitutions["bob"] = "mallory";

        h.Do("bob", new RequestJoin("r"));
        h.Queue.Should().ContainSingle().Which.JoinSessionApproval.Should().Match<JoinSessionApproval>(
            j => j.User == "bob" && j.PublicKey.Equals(RoomHarness.PublicKeyOf("mallory")));
        h.DeliverAll();
        h.Do("alice", new ApproveJoin("r", "bob"));
        ServerNotification admission = h.Take("bob", Kind.AllowUserJoinSession);

        h.ExpectRefused("bob", new Delivered(admission), "bad_room_key");
        h["bob"].Rooms.Should().BeEmpty();

        RoomKey stolen = RoomHarness.IdentityOf("mallory").DecryptRoomKey(admission.AllowUserJoinSession.RoomKey.Span, "r", admission.AllowUserJoinSession.Generation);
        h.Say("alice", "r", "for bob's eyes only");
        RoomMessage message = h.Requests.Last().SendMessage.Message;
        RoomMessageCipher.Open(stolen, "r", "alice", message.Generation, message.Body.Span).Should().Equal("for bob's eyes only"u8.ToArray());
    }

    [Test]
    public void An_honest_server_hands_out_each_users_own_key()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice");
        h.Register("bob", "mallory");

        h.Do("bob", new RequestJoin("r"));
        h.Queue.Single().JoinSessionApproval.PublicKey.Should().Be(RoomHarness.PublicKeyOf("bob"));
        h.DeliverAll();
        h.Do("alice", new ApproveJoin("r", "bob"));
        ServerNotification admission = h.Take("bob", Kind.AllowUserJoinSession);

        Action steal = () => RoomHarness.IdentityOf("mallory").DecryptRoomKey(admission.AllowUserJoinSession.RoomKey.Span, "r", 1);
        steal.Should().Throw<RoomKeyException>();
        h.Deliver(admission);
        h.Events("bob").Should().Contain(new JoinedRoom("bob", "r", "alice", true, 1));
    }
}
