using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Tests.Support;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Tests.Device;

/// <summary>
/// The sender's per-message choice (seed 002, "each user chooses whether to encrypt when sending a message"; RK-16): a
/// text in the clear in an end-to-end encrypted room is read, and reported as such; never mixed silently with
/// encrypted ones.
/// </summary>
public sealed class PerMessageChoiceTests
{
    [Test]
    public void A_text_sent_in_the_clear_in_an_encrypted_room_is_read_and_reported_as_plaintext()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");

        DeviceStep sent = h.Say("alice", "r", "not secret", encrypt: false);
        TextSent textSent = sent.Events.Should().ContainSingle().Which.Should().BeOfType<TextSent>().Subject;
        (textSent.Tag, textSent.Encrypted, textSent.Generation).Should().Be(("not secret", false, 0u));
        textSent.Nonce.Should().BeEmpty();
        sent.Requests.Single().SendMessage.Message.Should().Match<RoomMessage>(m => !m.Encrypted && m.Generation == 0 && m.Body.ToStringUtf8() == "not secret");
        ulong sequence = h.Queue.Single().Message.ServerSequence;
        h.DeliverAll();

        TextReceived text = h.Events("bob").OfType<TextReceived>().Single();
        (text.From, text.Encrypted, text.Generation, text.ServerSequence).Should().Be(("alice", false, 0u, sequence));
        h.Read("bob").Should().Equal("not secret");
        h.Events("bob").Should().Contain(new PlaintextInE2eeRoom("bob", "r", "alice", sequence));
    }

    [Test]
    public void The_default_follows_the_room_and_an_encrypted_choice_is_not_reported_as_plaintext()
    {
        RoomHarness h = RoomHarness.WithRoom("r", true, "alice", "bob");

        h.Say("alice", "r", "default");
        h.Say("alice", "r", "explicit", encrypt: true);
        h.DeliverAll();

        h.Events("bob").OfType<TextReceived>().Should().OnlyContain(t => t.Encrypted && t.Generation == 1).And.HaveCount(2);
        h.Events("bob").OfType<PlaintextInE2eeRoom>().Should().BeEmpty();
        h.Requests.TakeLast(2).Should().OnlyContain(r => r.SendMessage.Message.Body.ToStringUtf8() != "default" && r.SendMessage.Message.Body.ToStringUtf8() != "explicit");
    }

    [Test]
    public void An_encrypted_text_in_a_room_without_a_key_is_refused_with_no_room_key()
    {
        RoomHarness h = RoomHarness.WithRoom("r", false, "alice");

        h.ExpectRefused("alice", new SendRoomText("r", "x"u8.ToArray(), Encrypt: true), "no_room_key");
    }

    [Test]
    public void A_text_to_a_room_the_device_is_not_in_is_refused_with_not_a_member()
    {
        RoomHarness h = RoomHarness.With("alice");

        h.ExpectRefused("alice", new SendRoomText("r", "x"u8.ToArray()), "not_a_member");
    }
}
