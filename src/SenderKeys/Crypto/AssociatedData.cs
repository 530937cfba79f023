using System.Buffers.Binary;
using System.Text;

namespace E2eeConformance.SenderKeys.Crypto;

/// <summary>
/// The associated data that binds a message's metadata to its ciphertext (seed 004: the server forwards "sender id,
/// key id, counter, timestamp"). Decision SK-6: AD = kind byte ‖ len ‖ sender ‖ len ‖ recipient-or-group ‖ key id
/// (32-bit BE) ‖ counter (64-bit BE), each id UTF-8 with a 16-bit BE length; kind 1 is pairwise, 2 is a group message.
/// The timestamp is not bound: it is the server's, and a receiver does not act on it.
/// </summary>
public static class AssociatedData
{
    /// <summary>The kind byte of a pairwise message.</summary>
    public const byte Pairwise = 1;

    /// <summary>The kind byte of a group message.</summary>
    public const byte Group = 2;

    /// <summary>The AD of a message.</summary>
    public static byte[] Of(byte kind, string sender, string to, uint keyId, ulong counter)
    {
        byte[] s = Encoding.UTF8.GetBytes(sender);
        byte[] t = Encoding.UTF8.GetBytes(to);
        byte[] ad = new byte[1 + 2 + s.Length + 2 + t.Length + 4 + 8];
        int at = 0;
        ad[at++] = kind;
        BinaryPrimitives.WriteUInt16BigEndian(ad.AsSpan(at), checked((ushort)s.Length));
        s.CopyTo(ad, at += 2);
        BinaryPrimitives.WriteUInt16BigEndian(ad.AsSpan(at += s.Length), checked((ushort)t.Length));
        t.CopyTo(ad, at += 2);
        BinaryPrimitives.WriteUInt32BigEndian(ad.AsSpan(at += t.Length), keyId);
        BinaryPrimitives.WriteUInt64BigEndian(ad.AsSpan(at + 4), counter);
        return ad;
    }
}
