using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Google.Protobuf;
using Kind = E2eeConformance.RoomKeys.Wire.ServerNotification.NotificationOneofCase;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// Generations and held messages at their bounds: a generation number at the top of its range is refused or taken
/// like any other, never an exception out of the device; a room holds at most <see cref="RoomView.MaxHeld"/> messages
/// waiting for keys (RK-14), the next is too_many_held.
/// </summary>
public sealed class GenerationBoundsTests
{
    [Test]
    public void A_wrapped_key_of_the_last_generation_number_is_refused_not_thrown()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");
        ServerNotification forged = new()
        {
            To = "bob",
            ReceiveRoomKey = new ReceiveRoomKeyNotification { SessionId = "r", From = "alice", Generation = uint.MaxValue, RoomKey = ByteString.CopyFrom(new byte[RoomHarness.Bits / 8]) },
        };

        h.ExpectRefused("bob", new Delivered(forged), "bad_room_key");
    }

    [Test]
    public void A_replacement_to_the_last_generation_number_does_not_throw_out_of_the_device()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice");
        var forged = new ServerNotification { To = "alice", UpdateRoomKey = new UpdateRoomKeyNotification { SessionId = "r", Generation = uint.MaxValue } };

        Action step = () => RoomKeyDevice.Step(h["alice"], new Delivered(forged), h.Now, new SeededBytes(1));
        step.Should().NotThrow();
    }

    [Test]
    public void A_room_holds_at_most_max_held_messages_waiting_for_keys()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");
        h.Say("alice", "r", "a template");
        ServerNotification template = h.Take("bob", Kind.Message);
        template.Message.Message.Generation = 5;

        for (int i = 0; i < RoomView.MaxHeld; i++)
        {
            ServerNotification held = template.Clone();
            held.Message.ServerSequence = (ulong)i;
            h.Deliver(held)!.Events.Should().ContainSingle().Which.Should().BeOfType<MessageHeld>();
        }

        h["bob"].Rooms["r"].Held.Should().HaveCount(RoomView.MaxHeld);
        h.ExpectRefused("bob", new Delivered(template), "too_many_held");
    }
}
