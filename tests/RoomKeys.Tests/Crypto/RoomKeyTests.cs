using System.Text;
using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Tests.Support;

namespace E2eeConformance.RoomKeys.Tests.Crypto;

/// <summary>
/// Seed 002's building blocks (issue 16 §1, first slice): RSA key pairs from the randomness port, a room key encrypted
/// to a member's public key and decrypted with its private key, room messages under AES-256-GCM — each positive case
/// with tampered twins that end in a typed code.
/// </summary>
public sealed class RoomKeyTests
{
    private static readonly RsaIdentity Bob = RsaIdentity.Generate(new SeededBytes(2), 2048);
    private static readonly RsaIdentity Carol = RsaIdentity.Generate(new SeededBytes(3), 2048);

    [Test]
    public void A_key_pair_is_a_function_of_its_randomness_and_has_the_size_asked()
    {
        RsaIdentity again = RsaIdentity.Generate(new SeededBytes(2), 2048);
        again.PublicKey.Modulus.Should().Equal(Bob.PublicKey.Modulus);
        Bob.PublicKey.Bits.Should().Be(2048);
        Carol.PublicKey.Modulus.Should().NotEqual(Bob.PublicKey.Modulus);
        RsaIdentity.DefaultBits.Should().Be(3072);
    }

    [TestCase(1024)]
    [TestCase(2047)]
    [TestCase(8192)]
    public void A_key_size_not_allowed_is_malformed(int bits)
    {
        Action generate = () => RsaIdentity.Generate(new SeededBytes(1), bits);
        generate.Should().Throw<RoomKeyException>().Which.Code.Should().Be(RoomKeyErrorCode.Malformed);
    }

    [Test]
    public void A_public_key_read_from_the_wire_is_checked()
    {
        RsaPublicKey.From(Bob.PublicKey.Modulus).Modulus.Should().Equal(Bob.PublicKey.Modulus);
        byte[] even = [.. Bob.PublicKey.Modulus];
        even[^1] &= 0xfe;
        foreach (Action bad in new Action[] { () => RsaPublicKey.From(even), () => RsaPublicKey.From(Bob.PublicKey.Modulus, 3), () => RsaPublicKey.From(new byte[128]) })
        {
            bad.Should().Throw<RoomKeyException>().Which.Code.Should().Be(RoomKeyErrorCode.Malformed);
        }
    }

    [Test]
    public void A_room_key_encrypted_to_a_member_decrypts_only_with_its_key_its_room_and_its_generation()
    {
        var random = new SeededBytes(7);
        RoomKey key = RoomKey.Generate(random);
        byte[] wrapped = Bob.PublicKey.EncryptRoomKey(key, "room-1", 3, random);
        wrapped.Should().HaveCount(256);

        RoomKey opened = Bob.DecryptRoomKey(wrapped, "room-1", 3);
        byte[] sealedText = RoomMessageCipher.Seal(key, "room-1", "alice", 3, "hi"u8, random);
        RoomMessageCipher.Open(opened, "room-1", "alice", 3, sealedText).Should().Equal("hi"u8.ToArray());

        // Tampered twins: another member's key, another room, another generation, a flipped bit, a cut.
        Expect(() => Carol.DecryptRoomKey(wrapped, "room-1", 3), RoomKeyErrorCode.BadRoomKey);
        Expect(() => Bob.DecryptRoomKey(wrapped, "room-2", 3), RoomKeyErrorCode.BadRoomKey);
        Expect(() => Bob.DecryptRoomKey(wrapped, "room-1", 4), RoomKeyErrorCode.BadRoomKey);
        byte[] flipped = [.. wrapped];
        flipped[17] ^= 0x40;
        Expect(() => Bob.DecryptRoomKey(flipped, "room-1", 3), RoomKeyErrorCode.BadRoomKey);
        Expect(() => Bob.DecryptRoomKey(wrapped.AsSpan(1), "room-1", 3), RoomKeyErrorCode.Malformed);
    }

    [Test]
    public void A_room_message_verifies_only_with_its_key_room_sender_and_generation()
    {
        var random = new SeededBytes(11);
        RoomKey key = RoomKey.Generate(random);
        byte[] text = Encoding.UTF8.GetBytes("the room's text");
        byte[] sealedText = RoomMessageCipher.Seal(key, "room-1", "alice", 1, text, random);
        RoomMessageCipher.Open(key, "room-1", "alice", 1, sealedText).Should().Equal(text);
        sealedText.AsSpan().IndexOf(text).Should().Be(-1, "no plaintext in what the server forwards");

        Expect(() => RoomMessageCipher.Open(RoomKey.Generate(random), "room-1", "alice", 1, sealedText), RoomKeyErrorCode.BadTag);
        Expect(() => RoomMessageCipher.Open(key, "room-2", "alice", 1, sealedText), RoomKeyErrorCode.BadTag);
        Expect(() => RoomMessageCipher.Open(key, "room-1", "mallory", 1, sealedText), RoomKeyErrorCode.BadTag);
        Expect(() => RoomMessageCipher.Open(key, "room-1", "alice", 2, sealedText), RoomKeyErrorCode.BadTag);
        for (int i = 0; i < sealedText.Length; i += 7)
        {
            byte[] flipped = [.. sealedText];
            flipped[i] ^= 0x01;
            Expect(() => RoomMessageCipher.Open(key, "room-1", "alice", 1, flipped), RoomKeyErrorCode.BadTag);
        }

        Expect(() => RoomMessageCipher.Open(key, "room-1", "alice", 1, sealedText.AsSpan(0, 27)), RoomKeyErrorCode.Malformed);
    }

    [Test]
    public void Two_messages_under_one_key_use_two_nonces_and_a_key_never_prints()
    {
        var random = new SeededBytes(5);
        RoomKey key = RoomKey.Generate(random);
        byte[] a = RoomMessageCipher.Seal(key, "r", "alice", 1, "same"u8, random);
        byte[] b = RoomMessageCipher.Seal(key, "r", "alice", 1, "same"u8, random);
        a.AsSpan(0, RoomMessageCipher.NonceLength).SequenceEqual(b.AsSpan(0, RoomMessageCipher.NonceLength)).Should().BeFalse();
        key.ToString().Should().Be("RoomKey(…)");
        Bob.ToString().Should().Be("RsaIdentity(2048 bits)");
    }

    [Test]
    public void Every_code_has_one_stable_name()
    {
        RoomKeyErrorCodes.All.Should().Equal(
            "malformed", "bad_room_key", "bad_tag", "retired_room_key", "replay", "not_a_member", "no_room_key", "no_join_request", "too_many_held", "store_corrupt");
        new RoomKeyException(RoomKeyErrorCode.BadRoomKey, "x").Message.Should().Be("bad_room_key: x");
    }

    private static void Expect(Action action, RoomKeyErrorCode code) =>
        action.Should().Throw<RoomKeyException>().Which.Code.Should().Be(code);
}
