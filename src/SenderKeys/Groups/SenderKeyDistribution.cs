using System.Buffers.Binary;
using System.Text;
using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Errors;

namespace E2eeConformance.SenderKeys.Groups;

/// <summary>
/// A sender key state as it is shared with a member over their pairwise channel (seed 004, "How a sender key is
/// distributed"): the group, the sender, the key id, and the chain key at <see cref="Counter"/>. Decision SK-9: the
/// chain key given is the one at the sender's current position, so a member that gets it cannot read what the sender
/// wrote under that key before (no history, as the seed asks of a join). Encoded as 'S' 'K' 1 ‖ group ‖ sender (UTF-8,
/// 16-bit BE length each) ‖ key id (32-bit BE) ‖ counter (64-bit BE) ‖ chain key (32 bytes). A secret: it never prints.
/// </summary>
public sealed record SenderKeyDistribution(string Group, string Sender, uint KeyId, ulong Counter, byte[] ChainKey)
{
    private static readonly byte[] Magic = [(byte)'S', (byte)'K', 1];

    /// <summary>The encoding, the plaintext of a pairwise message.</summary>
    public byte[] Encode()
    {
        byte[] g = Encoding.UTF8.GetBytes(Group);
        byte[] s = Encoding.UTF8.GetBytes(Sender);
        byte[] bytes = new byte[Magic.Length + 2 + g.Length + 2 + s.Length + 4 + 8 + KeySchedule.KeyLength];
        Magic.CopyTo(bytes, 0);
        int at = Magic.Length;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), checked((ushort)g.Length));
        g.CopyTo(bytes, at += 2);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at += g.Length), checked((ushort)s.Length));
        s.CopyTo(bytes, at += 2);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at += s.Length), KeyId);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(at += 4), Counter);
        ChainKey.CopyTo(bytes, at + 8);
        return bytes;
    }

    /// <summary>Reads an encoding; <c>malformed</c> for anything else.</summary>
    public static SenderKeyDistribution Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes);
        if (!reader.Take(Magic.Length).SequenceEqual(Magic))
        {
            throw new SenderKeyException(SenderKeyErrorCode.Malformed, "not a sender key distribution (magic 'SK' 1)");
        }

        string group = reader.Text();
        string sender = reader.Text();
        uint keyId = BinaryPrimitives.ReadUInt32BigEndian(reader.Take(4));
        ulong counter = BinaryPrimitives.ReadUInt64BigEndian(reader.Take(8));
        byte[] chainKey = reader.Take(KeySchedule.KeyLength).ToArray();
        if (!reader.AtEnd)
        {
            throw new SenderKeyException(SenderKeyErrorCode.Malformed, "bytes after the chain key of a sender key distribution");
        }

        return new SenderKeyDistribution(group, sender, keyId, counter, chainKey);
    }

    /// <inheritdoc/>
    public override string ToString() => $"SenderKeyDistribution({Sender} in {Group}, key {KeyId} at #{Counter})";

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        public readonly bool AtEnd => _at == _bytes.Length;

        public ReadOnlySpan<byte> Take(int count)
        {
            if (_bytes.Length - _at < count)
            {
                throw new SenderKeyException(SenderKeyErrorCode.Malformed, $"a sender key distribution cut short at byte {_at}");
            }

            ReadOnlySpan<byte> taken = _bytes.Slice(_at, count);
            _at += count;
            return taken;
        }

        public string Text()
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(Take(2));
            try
            {
                return new UTF8Encoding(false, true).GetString(Take(length));
            }
            catch (ArgumentException)
            {
                throw new SenderKeyException(SenderKeyErrorCode.Malformed, "a name in a sender key distribution is not UTF-8");
            }
        }
    }
}
