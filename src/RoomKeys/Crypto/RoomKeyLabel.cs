using System.Buffers.Binary;
using System.Text;

namespace E2eeConformance.RoomKeys.Crypto;

/// <summary>
/// What binds a room key or a room message to its place (RK-2, RK-4): a fixed context string, then length-prefixed
/// UTF-8 fields (16-bit lengths) and the key generation (32-bit), big-endian. The RSA-OAEP label of an encrypted room
/// key binds room and generation, so a server cannot hand a wrapped key of one room or generation out as another's; the
/// associated data of a message binds room, sender and generation.
/// </summary>
internal static class RoomKeyLabel
{
    private const string KeyContext = "e2ee-conformance/room-keys/v1/room-key";
    private const string MessageContext = "e2ee-conformance/room-keys/v1/message";

    /// <summary>The OAEP label of the room key of <paramref name="roomId"/> at <paramref name="generation"/>.</summary>
    public static byte[] Of(string roomId, uint generation) => Build(KeyContext, [roomId], generation);

    /// <summary>The associated data of a message of <paramref name="sender"/> in <paramref name="roomId"/> under <paramref name="generation"/>.</summary>
    public static byte[] OfMessage(string roomId, string sender, uint generation) => Build(MessageContext, [roomId, sender], generation);

    private static byte[] Build(string context, string[] fields, uint generation)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(context));
        foreach (string field in fields)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(field ?? throw new ArgumentNullException(nameof(fields)));
            if (utf8.Length > ushort.MaxValue)
            {
                throw new Errors.RoomKeyException(Errors.RoomKeyErrorCode.Malformed, $"a name of {utf8.Length} bytes is too long");
            }

            bytes.Add((byte)(utf8.Length >> 8));
            bytes.Add((byte)utf8.Length);
            bytes.AddRange(utf8);
        }

        byte[] g = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(g, generation);
        bytes.AddRange(g);
        return [.. bytes];
    }
}
