using E2eeConformance.SenderKeys.Errors;
using E2eeConformance.SenderKeys.Pairwise;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.SenderKeys.Device;

/// <summary>
/// Direct messages at the device (seed 004, "Direct messages (1:1) technical flow"): public key discovery, a pairwise
/// session per peer device, texts and sender keys inside pairwise messages.
/// </summary>
internal static class DirectMessages
{
    /// <summary>
    /// A text to every known device of the user and the sender's own other devices; when none of the user's devices is
    /// known yet, it waits for the discovery answer (asked for once).
    /// </summary>
    public static SenderKeyDeviceState Send(SenderKeyDeviceState state, SendText text, DeviceContext context)
    {
        DeviceKey[] targets = [.. state.Known.Values.Where(k => RelayServer.UserOf(k.Device) == text.User)];
        if (targets.Length == 0)
        {
            if (state.Waiting.Count >= SenderKeyDeviceState.MaxWaiting)
            {
                throw new SenderKeyException(SenderKeyErrorCode.CounterOverflow, $"{SenderKeyDeviceState.MaxWaiting} texts already wait for discovery answers");
            }

            if (!state.Waiting.Any(w => w.User == text.User))
            {
                context.Output.Requests.Add(new DiscoverRequest(state.Name, text.User));
            }

            return state with { Waiting = state.Waiting.Add(text) };
        }

        IEnumerable<DeviceKey> own = state.Known.Values.Where(k => RelayServer.UserOf(k.Device) == state.User && k.Device != state.Name && text.User != state.User);
        foreach (DeviceKey peer in targets.Concat(own).Where(k => k.Device != state.Name))
        {
            state = SendPlaintext(state, peer, PairwisePlaintext.Text(text.Text), context);
            context.Output.Events.Add(new TextSent(state.Name, peer.Device, state.Sessions[peer.Device].Sent, text.Tag));
        }

        return state;
    }

    /// <summary>Encrypts a pairwise plaintext for one peer device and asks the relay to forward it.</summary>
    public static SenderKeyDeviceState SendPlaintext(SenderKeyDeviceState state, DeviceKey peer, byte[] plaintext, DeviceContext context)
    {
        (PairwiseSession session, PairwiseMessage message) = state.SessionWith(peer).Encrypt(plaintext);
        context.Output.Requests.Add(new PairwiseRequest(state.Name, message));
        return state with { Sessions = state.Sessions.SetItem(peer.Device, session), Known = state.Known.SetItem(peer.Device, peer) };
    }

    /// <summary>A discovery answer: the user's keys are known; the texts that waited for them go out.</summary>
    public static SenderKeyDeviceState OnDiscovery(SenderKeyDeviceState state, DiscoveryAnswer answer, DeviceContext context)
    {
        foreach (DeviceKey key in answer.Devices)
        {
            state = state with { Known = state.Known.SetItem(key.Device, key) };
        }

        SendText[] waiting = [.. state.Waiting.Where(w => w.User == answer.User)];
        state = state with { Waiting = state.Waiting.RemoveAll(w => w.User == answer.User) };
        foreach (SendText text in waiting)
        {
            if (!answer.Devices.Any(d => RelayServer.UserOf(d.Device) == answer.User))
            {
                context.Output.Events.Add(new InputRefused(state.Name, SenderKeyErrorCodes.Name(SenderKeyErrorCode.UnknownUser), $"{answer.User} has no device") { Tag = text.Tag });
                continue;
            }

            state = Send(state, text, context);
        }

        return state;
    }

    /// <summary>A forwarded pairwise message: decrypted with the session of its sender (its key as the relay gave it), then a text or a sender key.</summary>
    public static SenderKeyDeviceState OnPairwise(SenderKeyDeviceState state, PairwiseDelivery delivery, DeviceContext context)
    {
        PairwiseMessage message = delivery.Message;
        if (delivery.SenderKey.Device != message.Sender)
        {
            throw new SenderKeyException(SenderKeyErrorCode.WrongAddress, $"a message of {message.Sender} with the key of {delivery.SenderKey.Device}");
        }

        (PairwiseSession session, byte[] plaintext) = state.SessionWith(delivery.SenderKey).Decrypt(message);
        state = state with { Sessions = state.Sessions.SetItem(message.Sender, session), Known = state.Known.SetItem(message.Sender, delivery.SenderKey) };
        (byte[]? text, Groups.SenderKeyDistribution? key) = PairwisePlaintext.Read(plaintext);
        if (text is not null)
        {
            context.Output.Events.Add(new TextReceived(state.Name, message.Sender, text, message.Counter));
            return state;
        }

        if (key!.Sender != message.Sender)
        {
            throw new SenderKeyException(SenderKeyErrorCode.WrongAddress, $"{message.Sender} sent a sender key of {key.Sender}");
        }

        return GroupMessages.OnSenderKey(state, key, context);
    }
}
