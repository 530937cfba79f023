using System.Text;
using System.Text.Json.Nodes;
using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.RoomKeys.Wire;
using Google.Protobuf;
using static E2eeConformance.RoomKeys.Vectors.RoomKeyVectorFile;

namespace E2eeConformance.RoomKeys.Vectors;

/// <summary>
/// The outputs of the cases of <see cref="RoomKeyVectorFile"/>: a wrapped room key (RK-1, RK-2, RK-5), a room message
/// (RK-3, RK-4) and a distribution exchange on the wire. A twin changes one thing — <c>flip</c> the last bit of the
/// ciphertext, sealed message or wrapped key, <c>truncate</c> it to <c>value</c> bytes, or read it as of another
/// <c>room</c>, <c>sender</c> or <c>generation</c> (<c>value</c>) — and its outcome is the refusal code, or <c>reads</c>.
/// </summary>
internal static class RoomKeyVectorCases
{
    public static JsonObject WrappedRoomKey(JsonObject c)
    {
        RsaIdentity identity = Identity(c);
        string room = (string)c["room"]!;
        uint generation = (uint)c["generation"]!;
        var roomKey = new RoomKey(Bytes(c, "room_key"));
        byte[] ciphertext = Wrap(identity.PublicKey, roomKey, room, generation, Bytes(c, "oaep_seed"));
        return new JsonObject
        {
            ["label"] = Hex(RoomKeyLabel.Of(room, generation)),
            ["ciphertext"] = Hex(ciphertext),
            ["decrypts_to"] = Hex(identity.DecryptRoomKey(ciphertext, room, generation).Bytes),
            ["twins"] = Twins(c, (change, value) =>
            {
                (byte[] changed, string r, _, uint g) = Changed(change, value, ciphertext, room, null, generation);
                _ = identity.DecryptRoomKey(changed, r, g);
            }),
        };
    }

    public static JsonObject Message(JsonObject c)
    {
        var roomKey = new RoomKey(Bytes(c, "room_key"));
        string room = (string)c["room"]!, sender = (string)c["sender"]!;
        uint generation = (uint)c["generation"]!;
        byte[] nonce = Bytes(c, "nonce");
        var random = new FixedRandom(nonce);
        byte[] sealedText = RoomMessageCipher.Seal(roomKey, room, sender, generation, Encoding.UTF8.GetBytes((string)c["plaintext"]!), random);
        Drawn(random, "nonce", nonce.Length);
        return new JsonObject
        {
            ["ad"] = Hex(RoomKeyLabel.OfMessage(room, sender, generation)),
            ["sealed"] = Hex(sealedText),
            ["reads"] = Encoding.UTF8.GetString(RoomMessageCipher.Open(roomKey, room, sender, generation, sealedText)),
            ["twins"] = Twins(c, (change, value) =>
            {
                (byte[] changed, string r, string? s, uint g) = Changed(change, value, sealedText, room, sender, generation);
                _ = RoomMessageCipher.Open(roomKey, r, s!, g, changed);
            }),
        };
    }

    /// <summary>
    /// A room key handed on to an invitee (seed 002, "Invite a user to join"): the sender creates an encrypted room,
    /// invites the recipient, the recipient accepts, and the sender wraps the room key to the public key the
    /// AcceptSessionNotification carries (send_room_key); the server's ReceiveRoomKeyNotification to the recipient
    /// follows. Each message's bytes are parsed back and re-encoded byte for byte, and the wrapped key is decrypted
    /// from the parsed notification. (The sender's own public key plays no part; it registers with an empty one.)
    /// </summary>
    public static JsonObject Exchange(JsonObject c)
    {
        RsaIdentity recipientKey = Identity(c);
        string sender = (string)c["sender"]!, recipient = (string)c["recipient"]!, room = (string)c["room"]!;
        uint generation = (uint)c["generation"]!;
        long now = (long)c["server_time_ms"]!;
        var server = new RoomServer();
        _ = server.Handle(new ServerRequest { From = sender, Register = new RegisterRequest { PublicKey = new RsaPublicKeyMsg() } }, now);
        _ = server.Handle(new ServerRequest { From = recipient, Register = new RegisterRequest { PublicKey = WireKeys.ToWire(recipientKey.PublicKey) } }, now);
        _ = server.Handle(new ServerRequest { From = sender, NewSession = new NewSessionRequest { SessionId = room, E2EeOn = true } }, now);
        _ = server.Handle(new ServerRequest { From = sender, InviteUserToSession = new InviteUserToSessionRequest { SessionId = room, User = recipient } }, now);
        ServerNotification accepted = Only(server.Handle(new ServerRequest { From = recipient, AcceptJoinSessionApproval = new AcceptJoinSessionApprovalRequest { SessionId = room } }, now), ServerNotification.NotificationOneofCase.AcceptSession);
        byte[] wrapped = Wrap(WireKeys.FromWire(accepted.AcceptSession.PublicKey), new RoomKey(Bytes(c, "room_key")), room, generation, Bytes(c, "oaep_seed"));
        var request = new ServerRequest { From = sender, SendRoomKey = new SendRoomKeyRequest { SessionId = room, User = recipient, Generation = generation, RoomKey = ByteString.CopyFrom(wrapped) } };
        ServerNotification delivered = Only(server.Handle(request, now), ServerNotification.NotificationOneofCase.ReceiveRoomKey);
        byte[] acceptedPb = RoundTrip(ServerNotification.Parser, accepted.ToByteArray());
        byte[] requestPb = RoundTrip(ServerRequest.Parser, request.ToByteArray());
        byte[] deliveredPb = RoundTrip(ServerNotification.Parser, delivered.ToByteArray());
        ReceiveRoomKeyNotification received = ServerNotification.Parser.ParseFrom(deliveredPb).ReceiveRoomKey;
        byte[] receivedKey = received.RoomKey.ToByteArray();
        return new JsonObject
        {
            ["label"] = Hex(RoomKeyLabel.Of(room, generation)),
            ["wrapped_room_key"] = Hex(wrapped),
            ["accept_session_notification_pb"] = Hex(acceptedPb),
            ["send_room_key_request_pb"] = Hex(requestPb),
            ["receive_room_key_notification_pb"] = Hex(deliveredPb),
            ["decrypts_to"] = Hex(recipientKey.DecryptRoomKey(receivedKey, received.SessionId, received.Generation).Bytes),
            ["twins"] = Twins(c, (change, value) =>
            {
                (byte[] changed, string r, _, uint g) = Changed(change, value, receivedKey, received.SessionId, null, received.Generation);
                _ = recipientKey.DecryptRoomKey(changed, r, g);
            }),
        };
    }

    /// <summary>RSA-OAEP of <paramref name="roomKey"/> with exactly the stated seed (every byte drawn, no more).</summary>
    private static byte[] Wrap(RsaPublicKey key, RoomKey roomKey, string room, uint generation, byte[] seed)
    {
        var random = new FixedRandom(seed);
        byte[] ciphertext = key.EncryptRoomKey(roomKey, room, generation, random);
        Drawn(random, "oaep_seed", seed.Length);
        return ciphertext;
    }

    private static void Drawn(FixedRandom random, string field, int length)
    {
        if (!random.Exhausted)
        {
            throw new InvalidOperationException($"{field} has {length} bytes, more than were drawn");
        }
    }

    /// <summary>The bytes, room, sender (none for a room key) and generation a twin reads: one of them changed.</summary>
    private static (byte[] Bytes, string Room, string? Sender, uint Generation) Changed(string change, JsonNode? value, byte[] bytes, string room, string? sender, uint generation) => change switch
    {
        "flip" => ([.. bytes[..^1], (byte)(bytes[^1] ^ 0x01)], room, sender, generation),
        "truncate" => (bytes[..(int)value!], room, sender, generation),
        "room" => (bytes, (string)value!, sender, generation),
        "generation" => (bytes, room, sender, (uint)value!),
        "sender" when sender is not null => (bytes, room, (string)value!, generation),
        _ => throw new InvalidOperationException($"unknown twin change {change}"),
    };

    /// <summary>Each twin of the case as written, with the outcome of reading it: <c>reads</c> or the refusal code.</summary>
    private static JsonArray Twins(JsonObject c, Action<string, JsonNode?> read)
    {
        var twins = new JsonArray();
        foreach (JsonNode? t in (JsonArray)c["twins"]!)
        {
            var twin = (JsonObject)t!.DeepClone();
            twin["expect"] = Outcome(() => read((string)t["change"]!, t["value"]));
            twins.Add(twin);
        }

        return twins;
    }

    private static ServerNotification Only(IReadOnlyList<ServerNotification> answer, ServerNotification.NotificationOneofCase expected) =>
        answer is [{ } n] && n.NotificationCase == expected
            ? n
            : throw new InvalidOperationException($"the server answered with [{string.Join(", ", answer.Select(a => a.NotificationCase))}], not one {expected}");

    private static byte[] RoundTrip<T>(MessageParser<T> parser, byte[] bytes)
        where T : IMessage<T>
    {
        T parsed = parser.ParseFrom(bytes);
        return parsed.ToByteArray().AsSpan().SequenceEqual(bytes) ? bytes : throw new InvalidOperationException($"a {typeof(T).Name} does not re-encode to the bytes it was parsed from");
    }

    private static string Outcome(Action read)
    {
        try
        {
            read();
            return "reads";
        }
        catch (RoomKeyException e)
        {
            return RoomKeyErrorCodes.Name(e.Code);
        }
    }
}
