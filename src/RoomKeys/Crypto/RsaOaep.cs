using E2eeConformance.RoomKeys.Errors;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace E2eeConformance.RoomKeys.Crypto;

/// <summary>
/// RSAES-OAEP with SHA-256 and MGF1-SHA-256 (RFC 8017 §7.1; decision RK-2), through BouncyCastle so the OAEP seed comes
/// from the family's randomness port. Decryption failures of every kind give one code, <c>bad_room_key</c>, and a
/// ciphertext of the wrong length (visible to anyone) gives <c>malformed</c>.
/// </summary>
internal static class RsaOaep
{
    public static byte[] Encrypt(RsaKeyParameters publicKey, ReadOnlySpan<byte> plaintext, byte[] label, SecureRandom random)
    {
        var oaep = new OaepEncoding(new RsaEngine(), new Sha256Digest(), new Sha256Digest(), label);
        oaep.Init(true, new ParametersWithRandom(publicKey, random));
        if (plaintext.Length > oaep.GetInputBlockSize())
        {
            throw new RoomKeyException(RoomKeyErrorCode.Malformed, $"{plaintext.Length} bytes do not fit one OAEP block of this key ({oaep.GetInputBlockSize()} at most)");
        }

        byte[] input = plaintext.ToArray();
        byte[] output = oaep.ProcessBlock(input, 0, input.Length);
        int size = (publicKey.Modulus.BitLength + 7) / 8;
        return output.Length == size ? output : [.. new byte[size - output.Length], .. output];
    }

    public static byte[] Decrypt(RsaKeyParameters privateKey, ReadOnlySpan<byte> ciphertext, byte[] label)
    {
        int size = (privateKey.Modulus.BitLength + 7) / 8;
        if (ciphertext.Length != size)
        {
            throw new RoomKeyException(RoomKeyErrorCode.Malformed, $"an RSA-OAEP ciphertext of this key has {size} bytes, not {ciphertext.Length}");
        }

        var oaep = new OaepEncoding(new RsaBlindedEngine(), new Sha256Digest(), new Sha256Digest(), label);
        oaep.Init(false, privateKey);
        try
        {
            byte[] input = ciphertext.ToArray();
            return oaep.ProcessBlock(input, 0, input.Length);
        }
        catch (Exception e) when (e is InvalidCipherTextException or DataLengthException or ArgumentException)
        {
            throw new RoomKeyException(RoomKeyErrorCode.BadRoomKey, "the encrypted room key does not decrypt under this device's RSA key");
        }
    }
}
