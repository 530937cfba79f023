using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Google.Protobuf;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>RK-21: the first room key of a generation stays; the same key again changes nothing, another one is refused.</summary>
public sealed class SecondRoomKeyTests
{
    [Test]
    public void The_same_key_again_changes_nothing_and_another_key_of_the_generation_is_refused()
    {
        RsaIdentity bobKey = RoomHarness.IdentityOf("bob");
        RoomDeviceState bob = RoomDeviceState.New("bob", bobKey).With(RoomView.Empty("r", true));
        var random = new SeededBytes(7);
        RoomKey first = RoomKey.Generate(random);
        RoomKey other = RoomKey.Generate(random);
        ServerNotification Wrapped(RoomKey key) => new()
        {
            To = "bob",
            ReceiveRoomKey = new ReceiveRoomKeyNotification { SessionId = "r", From = "alice", Generation = 1, RoomKey = ByteString.CopyFrom(bobKey.PublicKey.EncryptRoomKey(key, "r", 1, random)) },
        };

        DeviceStep taken = RoomKeyDevice.Step(bob, new Delivered(Wrapped(first)), 0, random);
        taken.Events.Should().ContainSingle(e => e is RoomKeyReceived);
        byte[] stored = DeviceStateCodec.Encode(taken.State);

        DeviceStep again = RoomKeyDevice.Step(taken.State, new Delivered(Wrapped(first)), 0, random);
        again.Events.Should().BeEmpty();
        DeviceStateCodec.Encode(again.State).Should().Equal(stored);

        DeviceStep twin = RoomKeyDevice.Step(taken.State, new Delivered(Wrapped(other)), 0, random);
        twin.Events.Should().ContainSingle().Which.Should().BeOfType<InputRefused>().Which.Code.Should().Be("bad_room_key");
        twin.Requests.Should().BeEmpty();
        DeviceStateCodec.Encode(twin.State).Should().Equal(stored);
    }
}
