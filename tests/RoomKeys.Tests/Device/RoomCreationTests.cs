using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// Registration and room creation (seed 002, "userA generates a pair of RSA key pairs … sets the public_key field in the
/// RegisterRequest"; "create a group chat, setting e2ee_on to true in the NewSessionRequest"): the first generation is 1
/// for an encrypted room and 0 for one in the clear (RK-7); a taken room id is refused.
/// </summary>
public sealed class RoomCreationTests
{
    [Test]
    public void Registration_gives_the_server_the_devices_public_key_and_nothing_else()
    {
        RoomHarness h = RoomHarness.With("alice");

        h.Requests.Should().ContainSingle().Which.Register.PublicKey.Should().Be(RoomHarness.PublicKeyOf("alice"));
        h.Server.IsRegistered("alice").Should().BeTrue();
        h.Server.IsRegistered("bob").Should().BeFalse();
        h.Sent.Should().BeEmpty("registration has no answer");
    }

    [Test]
    public void A_room_created_encrypted_starts_at_generation_1_with_a_key_on_the_creators_device()
    {
        RoomHarness h = RoomHarness.With("alice");

        DeviceStep step = h.Do("alice", new CreateRoom("r"));
        step.Requests.Should().ContainSingle().Which.NewSession.Should().Be(new NewSessionRequest { SessionId = "r", E2EeOn = true });
        h.Queue.Should().ContainSingle().Which.NewSession.Should().Be(new NewSessionNotification { SessionId = "r", E2EeOn = true, Generation = 1 });
        h.DeliverAll();

        h.Events("alice").Should().Equal(new RoomCreated("alice", "r", true, 1));
        h["alice"].Rooms["r"].Keys.Keys.Should().Equal(1u);
        h["alice"].Rooms["r"].E2eeOn.Should().BeTrue();
        RoomSession session = h.Server.Sessions["r"];
        (session.Owner, session.E2eeOn, session.Generation).Should().Be(("alice", true, 1u));
        session.Members.Should().Equal("alice");
    }

    [Test]
    public void A_room_created_in_the_clear_starts_at_generation_0_without_a_key()
    {
        RoomHarness h = RoomHarness.With("alice");

        h.Do("alice", new CreateRoom("r", E2eeOn: false));
        h.Queue.Should().ContainSingle().Which.NewSession.Should().Be(new NewSessionNotification { SessionId = "r", E2EeOn = false, Generation = 0 });
        h.DeliverAll();

        h.Events("alice").Should().Equal(new RoomCreated("alice", "r", false, 0));
        h["alice"].Rooms["r"].Keys.Should().BeEmpty();
        h.Server.Sessions["r"].Generation.Should().Be(0);
    }

    [Test]
    public void A_taken_room_id_is_refused_with_session_exists_and_the_second_creator_is_left_out()
    {
        RoomHarness h = RoomHarness.With("alice", "bob");
        h.Do("alice", new CreateRoom("r"));
        h.DeliverAll();

        h.Do("bob", new CreateRoom("r"));
        h["bob"].Rooms.Should().ContainKey("r", "the device keeps its room until the server answers");
        h.Queue.Should().ContainSingle().Which.Refused.Should().Be(new RequestRefused { Request = "new_session", Code = ServerRefusal.SessionExists, SessionId = "r" });
        h.DeliverAll();

        h.ServerRefusals("bob").Should().Equal(ServerRefusal.SessionExists);
        h["bob"].Rooms.Should().BeEmpty();
        h.Server.Sessions["r"].Owner.Should().Be("alice");
        h.Server.Sessions["r"].Members.Should().Equal("alice");
        h["alice"].Rooms["r"].Keys.Should().ContainKey(1u);
    }

    [Test]
    public void A_device_refuses_to_create_a_room_it_is_in_already()
    {
        RoomHarness h = RoomHarness.With("alice");
        h.Do("alice", new CreateRoom("r"));
        h.DeliverAll();

        h.ExpectRefused("alice", new CreateRoom("r"), "malformed");
    }
}
