using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;
using Google.Protobuf;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// RK-26: a device asked to hand on a key it does not hold yet makes none; it keeps the request and hands the key on
/// when it comes — made on its own UpdateRoomKeyNotification, or received from the key's maker.
/// </summary>
public sealed class PendingHandoverTests
{
    private static ServerNotification AskFor(string to, string user, uint generation) => new()
    {
        To = to,
        SendRoomKey = new SendRoomKeyNotification { SessionId = "r", Generation = generation, User = user, PublicKey = RoomHarness.PublicKeyOf(user) },
    };

    [Test]
    public void A_makers_hand_over_request_before_its_update_waits_for_the_update()
    {
        RoomDeviceState alice = RoomDeviceState.New("alice", RoomHarness.IdentityOf("alice")).With(RoomView.Empty("r", true).WithKey(1, RoomKey.Generate(new SeededBytes(1))));
        var random = new SeededBytes(2);

        DeviceStep asked = RoomKeyDevice.Step(alice, new Delivered(AskFor("alice", "bob", 2)), 0, random);
        asked.Requests.Should().BeEmpty("alice holds no key of generation 2 yet, and she makes one only on her update");
        asked.Events.Should().BeEmpty();
        asked.State.Rooms["r"].Keys.Keys.Should().Equal(1u);
        DeviceStateCodec.Decode(DeviceStateCodec.Encode(asked.State)).Rooms["r"].Handovers.Should().ContainSingle().Which.User.Should().Be("bob");

        DeviceStep updated = RoomKeyDevice.Step(asked.State, new Delivered(new ServerNotification { To = "alice", UpdateRoomKey = new UpdateRoomKeyNotification { SessionId = "r", Generation = 2 } }), 0, random);
        updated.Events.Should().ContainSingle(e => e is RoomKeyReplaced);
        updated.Requests.Should().ContainSingle().Which.SendRoomKey.Should().Match<SendRoomKeyRequest>(s => s.User == "bob" && s.Generation == 2);
        updated.State.Rooms["r"].Handovers.Should().BeEmpty();
        RoomHarness.IdentityOf("bob").DecryptRoomKey(updated.Requests[0].SendRoomKey.RoomKey.Span, "r", 2).Bytes
            .Should().Equal(updated.State.Rooms["r"].Keys[2].Bytes);
    }

    [Test]
    public void A_holder_asked_before_its_own_copy_arrives_hands_on_the_key_it_receives_and_makes_none()
    {
        var random = new SeededBytes(3);
        RoomKey made = RoomKey.Generate(random);
        RoomDeviceState carol = RoomDeviceState.New("carol", RoomHarness.IdentityOf("carol")).With(RoomView.Empty("r", true).WithKey(1, RoomKey.Generate(random)));

        DeviceStep asked = RoomKeyDevice.Step(carol, new Delivered(AskFor("carol", "dave", 2)), 0, random);
        asked.Requests.Should().BeEmpty();

        var copy = new ServerNotification
        {
            To = "carol",
            ReceiveRoomKey = new ReceiveRoomKeyNotification { SessionId = "r", From = "alice", Generation = 2, RoomKey = ByteString.CopyFrom(RoomHarness.IdentityOf("carol").PublicKey.EncryptRoomKey(made, "r", 2, random)) },
        };
        DeviceStep received = RoomKeyDevice.Step(asked.State, new Delivered(copy), 0, random);
        received.Events.Should().NotContain(e => e is RoomKeyReplaced, "carol is not the maker of generation 2");
        received.Requests.Should().ContainSingle();
        RoomHarness.IdentityOf("dave").DecryptRoomKey(received.Requests[0].SendRoomKey.RoomKey.Span, "r", 2).Bytes.Should().Equal(made.Bytes);
    }

    [Test]
    public void A_malformed_public_key_in_a_hand_over_request_is_refused_with_the_state_unchanged()
    {
        RoomDeviceState alice = RoomDeviceState.New("alice", RoomHarness.IdentityOf("alice")).With(RoomView.Empty("r", true).WithKey(1, RoomKey.Generate(new SeededBytes(4))));
        ServerNotification bad = AskFor("alice", "bob", 2);
        bad.SendRoomKey.PublicKey = new RsaPublicKeyMsg { Modulus = ByteString.CopyFrom(new byte[16]), Exponent = 65537 };

        DeviceStep step = RoomKeyDevice.Step(alice, new Delivered(bad), 0, new SeededBytes(5));
        step.Events.Should().ContainSingle().Which.Should().BeOfType<InputRefused>().Which.Code.Should().Be("malformed");
        step.Requests.Should().BeEmpty();
        DeviceStateCodec.Encode(step.State).Should().Equal(DeviceStateCodec.Encode(alice));
    }
}
