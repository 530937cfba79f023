using System.Collections.Immutable;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// One-to-one sending in the device core (seed 000 §Invite, §Send one-to-one message, the multi-device model): a
/// plaintext is encrypted when a session is established, or waits for one — an invite made from the device's bundle,
/// which is asked for and arrives as a later input (<see cref="DeviceLookup"/>, <see cref="UserLookup"/>).
/// </summary>
internal static class Messaging
{
    /// <summary>
    /// Sends <paramref name="text"/> to the devices of <c>users[from..]</c>: the first user whose devices are not known
    /// yet is looked up (the text continues when the bundles arrive); once all are known, every known device of each
    /// user (this device excepted) gets it.
    /// </summary>
    public static DeviceState SendToUsers(DeviceState state, Wire.Plaintext text, ImmutableList<(string Domain, string UserId)> users, int from, StepContext ctx)
    {
        for (int i = from; i < users.Count; i++)
        {
            (string domain, string userId) = users[i];
            if (!state.KnownUsers.Contains($"{userId}@{domain}"))
            {
                var lookup = new Wire.GetPreKeyBundleRequest { Domain = domain, UserId = userId, DeviceId = "" };
                int index = i;
                return state.SendAwaiting(RequestType.GetPreKeyBundle, lookup, id => new UserLookup(id, text, users, index));
            }
        }

        foreach ((string domain, string userId) in users)
        {
            Wire.E2eeAddress self = state.Address;
            List<Wire.E2eeAddress> known = [];
            foreach (PeerSessions p in state.Peers.Values)
            {
                Wire.E2eeAddress a = p.Peer;
                if (a.Domain == domain && a.User?.UserId == userId && !Addresses.SameDevice(a, self))
                {
                    known.Add(a);
                }
            }

            if (known.Count > 1)
            {
                known = [.. known.OrderBy(Addresses.Format, StringComparer.Ordinal)]; // stable, each address formatted once
            }

            foreach (Wire.E2eeAddress device in known)
            {
                state = SendPlaintext(state, device, text, ctx);
            }
        }

        return state;
    }

    /// <summary>
    /// The bundles of <c>lookup.Users[lookup.Index]</c> arrived (or were refused): each new device is invited, the user
    /// is known from now on (its new devices are announced by the server), and the text goes on. After a refusal no
    /// device of the user is known, so the user stays unknown and the next text looks it up again (instead of going to
    /// no device, silently).
    /// </summary>
    public static DeviceState ContinueUserLookup(DeviceState state, UserLookup lookup, ResponseReceived answer, StepContext ctx)
    {
        (string domain, string userId) = lookup.Users[lookup.Index];
        if (answer.Response is Wire.GetPreKeyBundleResponse response && DeviceCore.IsSuccess(answer.Code))
        {
            foreach (Wire.PreKeyBundle bundle in response.PreKeyBundles)
            {
                if (bundle.UserAddress?.User is null || Addresses.SameDevice(bundle.UserAddress, state.Address) || state.PeerOf(bundle.UserAddress).Newest is not null || HasLookup(state, bundle.UserAddress))
                {
                    continue;
                }

                state = InviteOrReport(state, bundle, ctx);
            }
        }
        else
        {
            ctx.Raise(new RequestRefused(state.Name, lookup.Text.PayloadCase.ToString(), RequestNames.Of(RequestType.GetPreKeyBundle), answer.Code));
            return SendToUsers(state, lookup.Text, lookup.Users, lookup.Index + 1, ctx);
        }

        state = state with { KnownUsers = state.KnownUsers.Add($"{userId}@{domain}") };
        return SendToUsers(state, lookup.Text, lookup.Users, lookup.Index + 1, ctx);
    }

    /// <summary>
    /// One device's bundle arrived: it is invited, and what waits for it is sent after the accept. Without a bundle
    /// (refused, none, or one that does not verify) what waited for it is dropped and reported.
    /// </summary>
    public static DeviceState ContinueDeviceLookup(DeviceState state, DeviceLookup lookup, ResponseReceived answer, StepContext ctx)
    {
        Wire.PreKeyBundle? bundle = answer.Response is Wire.GetPreKeyBundleResponse response && DeviceCore.IsSuccess(answer.Code)
            ? response.PreKeyBundles.FirstOrDefault(b => Addresses.SameDevice(b.UserAddress, lookup.Device))
            : null;
        if (lookup.StaleSessionId.Length > 0)
        {
            if (bundle is null || Superseded(state, lookup, bundle) is not { } stale)
            {
                return state;
            }

            PeerSessions peer0 = state.PeerOf(lookup.Device);
            state = state.WithPeer(peer0 with { Sessions = peer0.Sessions.Remove(stale) });
        }

        if (bundle is not null)
        {
            int before = state.Outbox.Count;
            DeviceState invited = InviteOrReport(state, bundle, ctx);
            if (invited.Outbox.Count > before && lookup.Retry)
            {
                OutboxItem invite = invited.Outbox[^1];
                invited = invited with { Outbox = invited.Outbox.SetItem(invited.Outbox.Count - 1, invite with { Reinvite = true }) };
            }

            if (invited.Outbox.Count > before)
            {
                return invited;
            }

            state = invited;
        }
        else
        {
            ctx.Raise(new RequestRefused(state.Name, "Response", RequestNames.Of(RequestType.GetPreKeyBundle), DeviceCore.IsSuccess(answer.Code) ? Wire.ResponseCode.NotFound : answer.Code));
        }

        PeerSessions peer = state.PeerOf(lookup.Device);
        return peer.Waiting.IsEmpty ? state : state.WithPeer(peer with { Waiting = [] });
    }

    /// <summary>Encrypts a Plaintext for one device, or keeps it waiting for a session (asking for the device's bundle once).</summary>
    public static DeviceState SendPlaintext(DeviceState state, Wire.E2eeAddress device, Wire.Plaintext plaintext, StepContext ctx)
    {
        if (HasLookup(state, device))
        {
            return Queue(state, device, plaintext);
        }

        PeerSessions peer = state.PeerOf(device);
        switch (peer.Newest)
        {
            case EstablishedSession session:
                try
                {
                    (EstablishedSession next, Wire.E2eeMsg message) = session.Encrypt(plaintext, ctx.Random, ctx.Deviations);
                    if (plaintext.PayloadCase == Wire.Plaintext.PayloadOneofCase.CommonMsg)
                    {
                        ctx.Raise(new OneToOneMessageSent(state.Name, Addresses.Format(device), message.MsgId, plaintext.CommonMsg.ToByteArray()));
                    }

                    return state.WithPeer(peer.WithUpdated(next)).Send(RequestType.SendOne2oneMsg, new Wire.SendOne2oneMsgRequest { Msg = message });
                }
                catch (ProtocolException e) when (e.Code == ProtocolErrorCode.ChainLimitReached)
                {
                    // The whitepaper's 512 limit: a new outbound session from a fresh bundle; the text waits for its accept.
                    return RequestBundle(Queue(state, device, plaintext), device, retry: false);
                }

            case AwaitingAcceptSession:
                return Queue(state, device, plaintext);

            default:
                return RequestBundle(Queue(state, device, plaintext), device, retry: false);
        }
    }

    /// <summary>
    /// How long an invite waits for its accept before the device invites again from a fresh bundle (the reference's
    /// E2EES_INVITE_WAITING_TIME_MS, e2ees_client.c:reinvite; REFERENCE-BEHAVIOUR §34). An invite can fail on the
    /// receiver without the inviter being told (a signed pre-key retired while the invite waited, a one-time pre-key
    /// used twice): waiting this long on a clock tick is the recovery.
    /// </summary>
    public static readonly TimeSpan InviteWaitingTime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many signed pre-keys a device keeps (the current one and the one before: REFERENCE-BEHAVIOUR §16); an invite
    /// made with an older one fails on the receiver with <c>unknown_signed_pre_key</c>.
    /// </summary>
    public const uint SignedPreKeysKept = 2;

    /// <summary>
    /// On a clock tick: for every invite that has waited <see cref="InviteWaitingTime"/> or longer, the device's bundle is
    /// asked for again. When the fresh bundle's signed pre-key proves the one the invite used retired, the invite cannot
    /// succeed any more: it is replaced by a new one and the waiting texts go after the new accept. Otherwise the invite
    /// may still be accepted, and a second invite would leave two sessions awaiting one AcceptMsg that names neither, so
    /// the device keeps waiting.
    /// </summary>
    public static DeviceState Reinvite(DeviceState state, long nowMs)
    {
        long due = nowMs - (long)InviteWaitingTime.TotalMilliseconds;
        foreach (PeerSessions peer in state.Peers.Values.OrderBy(p => Addresses.Format(p.Peer), StringComparer.Ordinal).ToList())
        {
            if (peer.Newest is AwaitingAcceptSession waiting && waiting.Info.InviteT <= due && !HasLookup(state, peer.Peer))
            {
                state = RequestBundle(state, peer.Peer, retry: false, staleSessionId: waiting.Info.SessionId);
            }
        }

        return state;
    }

    /// <summary>
    /// The answer to a stale invite's lookup: whether its session (still awaiting) is to be replaced — its signed pre-key
    /// is more than <see cref="SignedPreKeysKept"/> renewals behind the bundle's. Null: nothing is to be done (the session
    /// was accepted or replaced meanwhile, or the invite may still succeed).
    /// </summary>
    private static AwaitingAcceptSession? Superseded(DeviceState state, DeviceLookup lookup, Wire.PreKeyBundle bundle)
    {
        PeerSessions peer = state.PeerOf(lookup.Device);
        return peer.Sessions.FirstOrDefault(s => s.Info.SessionId == lookup.StaleSessionId) is AwaitingAcceptSession waiting
            && bundle.SignedPreKeyPublic is { } spk && spk.SpkId >= waiting.Info.BobSignedPreKeyId + SignedPreKeysKept
            ? waiting
            : null;
    }

    /// <summary>
    /// Asks the server for one device's bundle, to invite it when the answer arrives (or, with <paramref name="staleSessionId"/>,
    /// to check whether that waiting invite can still succeed).
    /// </summary>
    public static DeviceState RequestBundle(DeviceState state, Wire.E2eeAddress device, bool retry, string staleSessionId = "")
    {
        var request = new Wire.GetPreKeyBundleRequest { Domain = device.Domain, UserId = device.User.UserId, DeviceId = device.User.DeviceId };
        Wire.E2eeAddress target = device.Clone();
        return state.SendAwaiting(RequestType.GetPreKeyBundle, request, id => new DeviceLookup(id, target, retry) { StaleSessionId = staleSessionId });
    }

    /// <summary>Whether a bundle lookup for <paramref name="device"/> is waiting for its answer.</summary>
    public static bool HasLookup(DeviceState state, Wire.E2eeAddress device) =>
        state.Pending.Any(p => p is DeviceLookup l && Addresses.SameDevice(l.Device, device));

    private static DeviceState Queue(DeviceState state, Wire.E2eeAddress device, Wire.Plaintext plaintext)
    {
        PeerSessions peer = state.PeerOf(device);
        return state.WithPeer(peer with { Waiting = peer.Waiting.Add(plaintext) });
    }

    /// <summary>Invites with a bundle; one that does not verify is reported and skipped (the others go on).</summary>
    private static DeviceState InviteOrReport(DeviceState state, Wire.PreKeyBundle bundle, StepContext ctx)
    {
        try
        {
            return InviteWith(state, bundle, ctx);
        }
        catch (ProtocolException e)
        {
            ctx.Raise(new ProtocolFailure(state.Name, "PreKeyBundle", e.Code, e.Detail));
            return state;
        }
    }

    /// <summary>Verifies a bundle and invites its device (seed 000 §PQKA; §Invite).</summary>
    private static DeviceState InviteWith(DeviceState state, Wire.PreKeyBundle bundle, StepContext ctx)
    {
        VerifiedPreKeyBundle verified = VerifiedPreKeyBundle.Verify(bundle, state.Suite);
        (AwaitingAcceptSession session, Wire.InviteMsg invite) = SessionInitiator.Invite(state.Account, state.Address, verified, ctx.Random, ctx.NowMs, state.Version);
        PeerSessions peer = state.PeerOf(bundle.UserAddress);
        return state.WithPeer(peer.WithNewest(session)).Send(RequestType.Invite, new Wire.InviteRequest { Msg = invite });
    }
}
