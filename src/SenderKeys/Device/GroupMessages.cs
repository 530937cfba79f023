using System.Collections.Immutable;
using E2eeConformance.SenderKeys.Errors;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.SenderKeys.Device;

/// <summary>
/// Groups at the device (seed 004, "Group messages technical flow (Sender Keys)", "Membership changes and sender key
/// rotation"): a sender key of its own per group, rotated on every membership change and by the policy, distributed to
/// the current member devices only; other members' keys in records; messages that arrive before their key held.
/// </summary>
internal static class GroupMessages
{
    /// <summary>A group text: one encryption with the device's sender key (rotated first when the policy says so).</summary>
    public static SenderKeyDeviceState Send(SenderKeyDeviceState state, SendGroupText text, DeviceContext context)
    {
        if (!state.Groups.TryGetValue(text.Group, out GroupView? view))
        {
            throw new SenderKeyException(SenderKeyErrorCode.WrongAddress, $"{state.Name} is not in a group {text.Group}");
        }

        if (view.Own.NeedsRotation(context.NowMs, context.Policy))
        {
            (state, view) = Rotate(state, view, view.Own.Rotate(context.Random, context.NowMs), "policy", context);
        }

        (SenderKeyState own, GroupMessage message) = view.Own.Encrypt(text.Text);
        context.Output.Requests.Add(new GroupSendRequest(state.Name, message));
        return state with { Groups = state.Groups.SetItem(text.Group, view with { Own = own }) };
    }

    /// <summary>
    /// A membership notice (newer than the one held): the device leaves, or takes the membership, makes (first notice)
    /// or rotates (any change) its own sender key and hands it to every other member device; keys of former members are retired (SK-24).
    /// </summary>
    public static SenderKeyDeviceState OnNotice(SenderKeyDeviceState state, MembershipNotice notice, DeviceContext context)
    {
        state.Groups.TryGetValue(notice.Group, out GroupView? held);
        if ((held is not null && notice.Version <= held.Version) || (held is null && state.Left.TryGetValue(notice.Group, out LeftGroup? left) && notice.Version <= left.Version))
        {
            return state; // an older or repeated notice: the membership held (or the one that removed the device) is newer
        }

        foreach (DeviceKey key in notice.Members)
        {
            state = state with { Known = state.Known.SetItem(key.Device, key) };
        }

        if (!notice.Members.Any(m => m.Device == state.Name))
        {
            if (held is not null)
            {
                // SK-23: the messages it still held will never get their keys now: refused, not silently gone.
                foreach (GroupMessage m in held.Held)
                {
                    context.Output.Events.Add(new GroupTextRefused(state.Name, m.Group, m.Sender, m.KeyId, m.Counter, SenderKeyErrorCodes.Name(SenderKeyErrorCode.UnknownKeyId), $"{state.Name} left {m.Group} before key {m.KeyId} of {m.Sender} came"));
                }

                context.Output.Events.Add(new GroupLeft(state.Name, notice.Group));
            }

            return state with
            {
                Groups = state.Groups.Remove(notice.Group),
                PendingKeys = state.PendingKeys.RemoveAll(k => k.Group == notice.Group),
                // Recorded even when the device never held the group (the notice that removes it overtook the one that added it).
                Left = state.Left.SetItem(notice.Group, new LeftGroup(
                    Math.Max(notice.Version, state.Left.GetValueOrDefault(notice.Group)?.Version ?? 0),
                    held?.Own.KeyId ?? state.Left.GetValueOrDefault(notice.Group)?.KeyId ?? 0)),
            };
        }

        ImmutableList<DeviceKey> members = [.. notice.Members];
        GroupView view = held is null
            ? new GroupView(notice.Group, notice.Version, members, SenderKeyState.Create(notice.Group, state.Name, (state.Left.TryGetValue(notice.Group, out LeftGroup? before) ? before.KeyId : 0) + 1, context.Random, context.NowMs), ImmutableSortedDictionary<string, SenderKeyRecord>.Empty.WithComparers(StringComparer.Ordinal), [])
            : held with
            {
                Version = notice.Version,
                Members = members,
                // SK-24: a former member's keys are retired, not dropped: a text it wrote before it left is still read in the window.
                Records = held.Records.SetItems(held.Records.Where(r => !members.Any(m => m.Device == r.Key)).Select(r => KeyValuePair.Create(r.Key, r.Value.Retire(context.NowMs, context.Policy)))),
                Departed = held.Departed.Union(held.Members.Select(m => m.Device)).Except(members.Select(m => m.Device)),
            };
        if (held is not null)
        {
            // SK-23: a held message whose sender was a member and is not any more never gets its key: refused now, not kept.
            GroupMessage[] orphans = [.. view.Held.Where(m => held.HasMember(m.Sender) && !view.HasMember(m.Sender))];
            foreach (GroupMessage m in orphans)
            {
                context.Output.Events.Add(new GroupTextRefused(state.Name, m.Group, m.Sender, m.KeyId, m.Counter, SenderKeyErrorCodes.Name(SenderKeyErrorCode.UnknownKeyId), $"{m.Sender} left {m.Group} before key {m.KeyId} came"));
            }

            view = view with { Held = view.Held.RemoveAll(orphans.Contains) };
        }

        SenderKeyState own = held is null ? view.Own : view.Own.Rotate(context.Random, context.NowMs);
        (state, view) = Rotate(state, view, own, held is null ? "created" : "membership changed", context);

        foreach (SenderKeyDistribution pending in state.PendingKeys.Where(k => k.Group == notice.Group && view.HasMember(k.Sender)).ToList())
        {
            state = state with { PendingKeys = state.PendingKeys.Remove(pending) };
            state = OnSenderKey(state, pending, context);
        }

        return state;
    }

    /// <summary>A member's sender key: into its record, then the messages that waited for it.</summary>
    public static SenderKeyDeviceState OnSenderKey(SenderKeyDeviceState state, SenderKeyDistribution key, DeviceContext context)
    {
        if (!state.Groups.TryGetValue(key.Group, out GroupView? view) || !view.HasMember(key.Sender))
        {
            // The notice that makes the sender a member (or the group known) has not arrived yet.
            return state.PendingKeys.Count < SenderKeyDeviceState.MaxWaiting ? state with { PendingKeys = state.PendingKeys.Add(key) }
                : throw new SenderKeyException(SenderKeyErrorCode.CounterOverflow, $"{SenderKeyDeviceState.MaxWaiting} sender keys already wait for their groups");
        }

        SenderKeyRecord record = view.Records.GetValueOrDefault(key.Sender) ?? SenderKeyRecord.Empty(key.Group, key.Sender);
        view = view with { Records = view.Records.SetItem(key.Sender, record.Add(key, context.NowMs, context.Policy)) };
        context.Output.Events.Add(new SenderKeyReceived(state.Name, key.Group, key.Sender, key.KeyId));
        state = state with { Groups = state.Groups.SetItem(key.Group, view with { Held = [] }) };
        foreach (GroupMessage waiting in view.Held)
        {
            state = OnGroupMessage(state, waiting, context, retry: true);
        }

        return state;
    }

    /// <summary>A group message: decrypted with its sender's record, or held while a newer key of the sender is not here yet.</summary>
    public static SenderKeyDeviceState OnGroupMessage(SenderKeyDeviceState state, GroupMessage message, DeviceContext context, bool retry = false)
    {
        if (!state.Groups.TryGetValue(message.Group, out GroupView? view))
        {
            throw new SenderKeyException(SenderKeyErrorCode.WrongAddress, $"{state.Name} is not in a group {message.Group}");
        }

        SenderKeyRecord record = view.Records.GetValueOrDefault(message.Sender) ?? SenderKeyRecord.Empty(message.Group, message.Sender);
        if (!record.Keys.ContainsKey(message.KeyId) && record.Newest is null && view.Departed.Contains(message.Sender))
        {
            throw new SenderKeyException(SenderKeyErrorCode.UnknownKeyId, $"{message.Sender} left {message.Group} before its key {message.KeyId} came");
        }

        if (!record.Keys.ContainsKey(message.KeyId) && (record.Newest is not { } newest || message.KeyId > newest))
        {
            if (view.Held.Count >= GroupView.MaxHeld)
            {
                throw new SenderKeyException(SenderKeyErrorCode.UnknownKeyId, $"key {message.KeyId} of {message.Sender} is not here and {GroupView.MaxHeld} messages already wait");
            }

            context.Output.Events.Add(new GroupTextHeld(state.Name, message.Group, message.Sender, message.KeyId, message.Counter));
            return state with { Groups = state.Groups.SetItem(message.Group, view with { Held = view.Held.Add(message) }) };
        }

        try
        {
            (SenderKeyRecord next, byte[] text) = record.Decrypt(message, context.NowMs, context.Policy);
            context.Output.Events.Add(new GroupTextReceived(state.Name, message.Group, message.Sender, text, message.KeyId, message.Counter));
            return state with { Groups = state.Groups.SetItem(message.Group, view with { Records = view.Records.SetItem(message.Sender, next) }) };
        }
        catch (SenderKeyException e) when (retry)
        {
            context.Output.Events.Add(new GroupTextRefused(state.Name, message.Group, message.Sender, message.KeyId, message.Counter, SenderKeyErrorCodes.Name(e.Code), e.Detail)); // a held message that fails is dropped, the key stays
            return state;
        }
    }

    private static (SenderKeyDeviceState, GroupView) Rotate(SenderKeyDeviceState state, GroupView view, SenderKeyState own, string reason, DeviceContext context)
    {
        view = view with { Own = own };
        context.Output.Events.Add(new SenderKeyRotated(state.Name, view.Group, own.KeyId, reason));
        state = state with { Groups = state.Groups.SetItem(view.Group, view) };
        foreach (DeviceKey member in view.Members.Where(m => m.Device != state.Name))
        {
            state = DirectMessages.SendPlaintext(state, member, PairwisePlaintext.Key(own.Distribution), context);
        }

        return (state, view);
    }
}
