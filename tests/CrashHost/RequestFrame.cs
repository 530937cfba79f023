using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.CrashHost;

/// <summary>
/// The payload of a <see cref="Frames.Request"/> frame: the request type (one byte), the credential (address bytes and
/// token, each with a 4-byte big-endian length; both empty for a registration) and the request bytes (the rest).
/// </summary>
public sealed record RequestFrame(RequestType Type, DeviceCredential? Credential, byte[] Request)
{
    public byte[] Encode()
    {
        byte[] address = Credential?.Address.ToByteArray() ?? [];
        byte[] token = Encoding.UTF8.GetBytes(Credential?.Token ?? "");
        var buffer = new byte[1 + 4 + address.Length + 4 + token.Length + Request.Length];
        buffer[0] = (byte)Type;
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(1), address.Length);
        address.CopyTo(buffer, 5);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(5 + address.Length), token.Length);
        token.CopyTo(buffer, 9 + address.Length);
        Request.CopyTo(buffer, 9 + address.Length + token.Length);
        return buffer;
    }

    /// <exception cref="InvalidDataException">The payload is not a request frame.</exception>
    public static RequestFrame Decode(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            var type = (RequestType)payload[0];
            int addressLength = BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(1));
            E2eeAddress address = E2eeAddress.Parser.ParseFrom(payload, 5, addressLength);
            int tokenLength = BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(5 + addressLength));
            string token = Encoding.UTF8.GetString(payload, 9 + addressLength, tokenLength);
            byte[] request = payload[(9 + addressLength + tokenLength)..];
            return new RequestFrame(type, addressLength == 0 ? null : new DeviceCredential(address, token), request);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidProtocolBufferException)
        {
            throw new InvalidDataException("not a request frame", e);
        }
    }
}
