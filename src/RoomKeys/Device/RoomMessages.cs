using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Wire;
using Google.Protobuf;

namespace E2eeConformance.RoomKeys.Device;

/// <summary>
/// Texts in a room (seed 002, "Things to note when sending messages"): "each user chooses whether to encrypt … If so,
/// they use the room_key for encryption"; "A room_key is valid from the time it is created until it is replaced".
/// </summary>
internal static class RoomMessages
{
    /// <summary>A text to the room: under the newest room key (RK-3, RK-4), or in the clear when the user so chooses (RK-16).</summary>
    public static RoomDeviceState Send(RoomDeviceState state, SendRoomText t, DeviceContext context)
    {
        RoomView view = Commands.Active(state, t.Room);
        bool encrypt = t.Encrypt ?? view.E2eeOn;
        var message = new RoomMessage { SessionId = t.Room, Sender = state.User, Encrypted = encrypt };
        if (encrypt)
        {
            uint generation = view.Newest;
            if (generation == 0)
            {
                throw new RoomKeyException(RoomKeyErrorCode.NoRoomKey, $"{state.User} holds no room key of {t.Room} yet");
            }

            byte[] sealedText = RoomMessageCipher.Seal(view.Keys[generation], t.Room, state.User, generation, t.Text, context.Random);
            message.Generation = generation;
            message.Body = ByteString.CopyFrom(sealedText);
            context.Events.Add(new TextSent(state.User, t.Room, t.Tag, true, generation, sealedText[..RoomMessageCipher.NonceLength]));
        }
        else
        {
            message.Body = ByteString.CopyFrom(t.Text);
            context.Events.Add(new TextSent(state.User, t.Room, t.Tag, false, 0, []));
        }

        context.Ask(r => r.SendMessage = new SendMessageRequest { Message = message });
        return state;
    }

    /// <summary>
    /// A member's text: in the clear, read and reported as such when the room is end-to-end encrypted; encrypted, read
    /// under the key of its generation, held while that key is on its way (RK-14), refused when it is retired (RK-12)
    /// or read already (RK-13).
    /// </summary>
    public static RoomDeviceState OnMessage(RoomDeviceState state, MessageNotification n, DeviceContext context, bool announce = true)
    {
        RoomMessage m = n.Message ?? throw new RoomKeyException(RoomKeyErrorCode.Malformed, "a message notification without a message");
        RoomView view = Commands.View(state, m.SessionId);
        if (!m.Encrypted)
        {
            if (view.ReadSequences.Contains(n.ServerSequence))
            {
                throw new RoomKeyException(RoomKeyErrorCode.Replay, $"the text #{n.ServerSequence} in {m.SessionId} was read already");
            }

            var read = view.ReadSequences.Add(n.ServerSequence);
            if (read.Count > RoomView.MaxReadSequences)
            {
                read = read.Remove(read.Min);
            }

            context.Events.Add(new TextReceived(state.User, m.SessionId, m.Sender, m.Body.ToByteArray(), false, 0, [], n.ServerSequence));
            if (view.E2eeOn)
            {
                context.Events.Add(new PlaintextInE2eeRoom(state.User, m.SessionId, m.Sender, n.ServerSequence));
            }

            return state.With(view with { ReadSequences = read });
        }

        if (!view.Keys.TryGetValue(m.Generation, out RoomKey? key))
        {
            return Unkeyed(state, view, n, context, announce);
        }

        byte[] text = RoomMessageCipher.Open(key, m.SessionId, m.Sender, m.Generation, m.Body.Span);
        string nonce = RoomView.NonceName(m.Generation, m.Body.Span[..RoomMessageCipher.NonceLength]);
        if (view.ReadNonces.Contains(nonce))
        {
            throw new RoomKeyException(RoomKeyErrorCode.Replay, $"a text of {m.Sender} in {m.SessionId} under generation {m.Generation} was read already");
        }

        context.Events.Add(new TextReceived(state.User, m.SessionId, m.Sender, text, true, m.Generation, m.Body.Span[..RoomMessageCipher.NonceLength].ToArray(), n.ServerSequence));
        return state.With(view with { ReadNonces = view.ReadNonces.Add(nonce) });
    }

    /// <summary>
    /// Reads what waited for a key that is here now, and refuses what waited under a generation now retired; the rest
    /// keeps waiting (RK-14).
    /// </summary>
    public static RoomDeviceState ReleaseHeld(RoomDeviceState state, string room, DeviceContext context)
    {
        RoomView view = state.Rooms[room];
        if (!view.Held.Any(h => view.Keys.ContainsKey(h.Message.Generation) || h.Message.Generation + 1UL < view.Newest))
        {
            return state;
        }

        MessageNotification[] waiting = [.. view.Held];
        state = state.With(view with { Held = [] });
        foreach (MessageNotification held in waiting)
        {
            try
            {
                state = OnMessage(state, held, context, announce: false);
            }
            catch (RoomKeyException e)
            {
                context.Events.Add(new InputRefused(state.User, RoomKeyErrorCodes.Name(e.Code), e.Detail, room));
            }
        }

        return state;
    }

    /// <summary>
    /// A text whose key the device does not hold: refused when its generation is retired (older than the one before
    /// the newest, RK-12), else held until the key comes (RK-14) — a newer one, or the one before the newest that a
    /// member admitted under a newer key is sent on request (RK-22).
    /// </summary>
    private static RoomDeviceState Unkeyed(RoomDeviceState state, RoomView view, MessageNotification n, DeviceContext context, bool announce)
    {
        RoomMessage m = n.Message;
        if (m.Generation == 0)
        {
            throw new RoomKeyException(RoomKeyErrorCode.NoRoomKey, $"an encrypted text of {m.Sender} in {m.SessionId} names no room key (generation 0)");
        }

        if (m.Generation + 1UL < view.Newest)
        {
            throw new RoomKeyException(RoomKeyErrorCode.RetiredRoomKey, $"a text of {m.Sender} in {m.SessionId} under generation {m.Generation}, retired (newest {view.Newest})");
        }

        if (view.Newest > 0 && m.Generation > view.Newest + (ulong)RoomView.MaxGenerationsAhead)
        {
            throw new RoomKeyException(RoomKeyErrorCode.NoRoomKey, $"a text of {m.Sender} in {m.SessionId} under generation {m.Generation}, more than {RoomView.MaxGenerationsAhead} past the newest key {state.User} holds ({view.Newest})");
        }

        if (view.Held.Count >= RoomView.MaxHeld)
        {
            throw new RoomKeyException(RoomKeyErrorCode.TooManyHeld, $"{RoomView.MaxHeld} messages of {m.SessionId} wait for keys already");
        }

        if (announce)
        {
            context.Events.Add(new MessageHeld(state.User, m.SessionId, m.Sender, m.Generation));
        }

        return state.With(view with { Held = view.Held.Add(n) });
    }
}
