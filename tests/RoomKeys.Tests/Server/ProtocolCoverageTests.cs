using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Tests.Server;

/// <summary>
/// One tour of a room's life that uses every request and every notification of the seed's server protocol
/// (Wire/room_keys.proto), run by devices alone: nothing they do is refused except the one refusal the tour asks for.
/// </summary>
public sealed class ProtocolCoverageTests
{
    [Test]
    public void A_rooms_life_uses_every_request_and_every_notification()
    {
        RoomHarness h = RoomHarness.With("alice", "bob", "carol", "dave");
        h.Do("alice", new CreateRoom("r"));
        h.Do("bob", new CreateRoom("r"));
        h.DeliverAll();
        h.Do("bob", new RequestJoin("r"));
        h.DeliverAll();
        h.Do("alice", new ApproveJoin("r", "bob"));
        h.Do("alice", new Invite("r", "carol"));
        h.DeliverAll();
        h.Say("alice", "r", "all three");
        h.DeliverAll();
        h.Do("bob", new LeaveRoom("r"));
        h.DeliverAll();
        h.Say("carol", "r", "bob left");
        h.DeliverAll();
        h.Do("alice", new Invite("r", "dave"));
        h.DeliverAll();
        h.Do("alice", new RemoveMember("r", "dave"));
        h.Do("alice", new SetE2ee("r", false));
        h.DeliverAll();
        h.Do("alice", new SetE2ee("r", true));
        h.DeliverAll();
        h.Say("carol", "r", "encrypted again");
        h.DeliverAll();

        h.Requests.Select(r => r.RequestCase).Distinct().Should().BeEquivalentTo(
            Enum.GetValues<ServerRequest.RequestOneofCase>().Where(c => c != ServerRequest.RequestOneofCase.None));
        h.Sent.Select(n => n.NotificationCase).Distinct().Should().BeEquivalentTo(
            Enum.GetValues<ServerNotification.NotificationOneofCase>().Where(c => c != ServerNotification.NotificationOneofCase.None));
        h.Sent.Where(n => n.NotificationCase == ServerNotification.NotificationOneofCase.Refused).Select(n => (n.To, n.Refused.Code))
            .Should().Equal(("bob", "session_exists"));
        foreach (string user in new[] { "alice", "bob", "carol", "dave" })
        {
            h.Refusals(user).Should().BeEmpty();
        }

        h.Read("bob").Should().Equal("all three");
        h.Read("alice").Should().Equal("bob left", "encrypted again");
        h.Events("alice").OfType<TextReceived>().Select(t => t.Generation).Should().Equal(1u, 3u);
    }
}
