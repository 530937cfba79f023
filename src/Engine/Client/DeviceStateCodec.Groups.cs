using System.Collections.Immutable;
using Google.Protobuf;
using E2eeConformance.Engine.Client.State;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Groups;

namespace E2eeConformance.Engine.Client;

// The group part of the device state snapshot: groups, their current and retired sessions, receiving chains.
public static partial class DeviceStateCodec
{
    private static StoredGroupMember ToStored(GroupMember member) => new() { Address = member.Address.Clone(), SignPublicKey = Bytes(member.SignPublicKey) };

    private static GroupMember FromStored(StoredGroupMember stored) => new(Required(stored.Address, "group member address"), stored.SignPublicKey.ToByteArray());

    private static StoredWaitingText ToStored(WaitingText text)
    {
        var stored = new StoredWaitingText { Text = ByteString.CopyFrom(text.Text.AsSpan()), Bound = text.WrittenFor is not null, Version = text.Version };
        stored.WrittenFor.AddRange(text.WrittenFor ?? []);
        return stored;
    }

    private static WaitingText FromStored(StoredWaitingText stored) =>
        new([.. stored.Text.Span], stored.Bound ? stored.WrittenFor.ToImmutableSortedSet(StringComparer.Ordinal) : null, stored.Version);

    private static StoredDeviceGroup ToStored(DeviceGroup group)
    {
        var stored = new StoredDeviceGroup
        {
            GroupAddress = group.GroupAddress.Clone(),
            Keys = group.Keys is null ? null : ToStored(group.Keys),
            AwaitingJoin = group.AwaitingJoin,
        };
        stored.Members.AddRange(group.Members.Select(ToStored));
        stored.PendingSeeds.AddRange(group.PendingSeeds.Select(b => b.Clone()));
        stored.PendingUpdates.AddRange(group.PendingUpdates.Select(b => b.Clone()));
        stored.PendingMessages.AddRange(group.PendingMessages.Select(m => m.Clone()));
        stored.HeldAuthentic.AddRange(group.HeldAuthentic.Select(m => m.Clone()));
        stored.PendingNotices.AddRange(group.PendingNotices.Select(m => m.Clone()));
        stored.FormerMembers.AddRange(group.FormerMembers.Select(ToStored));
        stored.Waiting.AddRange(group.WaitingTexts.Select(ToStored));
        stored.AddedHere.AddRange(group.AddedHere);
        stored.ReAdd.AddRange(group.ReAdd.Select(ToStored));
        stored.ReAddAfterRemovalOf.AddRange(group.ReAddAfterRemovalOf);
        stored.Superseded.AddRange(group.Superseded);
        stored.SelfVersion = group.SelfVersion;
        stored.AwaitedChains.AddRange(group.AwaitedChains);
        stored.ReflectedNotices.AddRange(group.ReflectedNotices.Select(m => m.Clone()));
        stored.VersionOnlyChanges.AddRange(group.VersionOnlyChanges);
        if (group.LeftAtMs is { } left)
        {
            stored.LeftAtMs = left;
        }

        return stored;
    }

    private static DeviceGroup FromStored(StoredDeviceGroup stored) => new(
        Required(stored.GroupAddress, "group address"),
        stored.Keys is null ? null : FromStored(stored.Keys),
        [.. stored.Members.Select(m => FromStored(m))],
        [.. stored.PendingSeeds],
        [.. stored.PendingUpdates],
        stored.AwaitingJoin)
    {
        PendingMessages = [.. stored.PendingMessages],
        HeldAuthentic = [.. stored.HeldAuthentic],
        PendingNotices = [.. stored.PendingNotices],
        FormerMembers = [.. stored.FormerMembers.Select(m => FromStored(m))],
        WaitingTexts = [.. stored.WaitingTexts.Select(t => new WaitingText(ImmutableArray.Create(t.Span), null)), .. stored.Waiting.Select(FromStored)],
        AddedHere = [.. stored.AddedHere],
        ReAdd = [.. stored.ReAdd.Select(m => FromStored(m))],
        ReAddAfterRemovalOf = [.. stored.ReAddAfterRemovalOf],
        Superseded = [.. stored.Superseded],
        LeftAtMs = stored.HasLeftAtMs ? stored.LeftAtMs : null,
        SelfVersion = stored.SelfVersion,
        AwaitedChains = [.. stored.AwaitedChains],
        ReflectedNotices = [.. stored.ReflectedNotices],
        VersionOnlyChanges = [.. stored.VersionOnlyChanges],
    };

    private static StoredGroupState ToStored(GroupState state)
    {
        var stored = new StoredGroupState { Current = ToStored(state.Current) };
        stored.Retired.AddRange(state.Retired.Select(r => new StoredRetiredGroupSession { Session = ToStored(r.Session), RetiredAtMs = r.RetiredAtMs }));
        return stored;
    }

    private static GroupState FromStored(StoredGroupState stored) => new(
        FromStored(Required(stored.Current, "current group session")),
        [.. stored.Retired.Select(r => new RetiredGroupSession(FromStored(Required(r.Session, "retired group session")), r.RetiredAtMs))]);

    private static StoredGroupSession ToStored(GroupSession session)
    {
        var stored = new StoredGroupSession
        {
            PackId = session.Suite.PackId.Value,
            Version = ToStored(session.Version),
            SessionId = session.SessionId,
            GroupInfo = session.GroupInfo.Clone(),
            Owner = ToStored(session.Owner),
            OwnChain = ToStored(session.OwnChain),
        };
        foreach ((string key, GroupReceiverChain receiver) in session.Receivers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            stored.Receivers.Add(new StoredGroupReceiverEntry { Key = key, Value = ToStored(receiver) });
        }

        return stored;
    }

    private static GroupSession FromStored(StoredGroupSession stored)
    {
        var receivers = ImmutableDictionary.CreateBuilder<string, GroupReceiverChain>(StringComparer.Ordinal);
        foreach (StoredGroupReceiverEntry entry in stored.Receivers)
        {
            AddUnique(receivers, entry.Key, FromStored(Required(entry.Value, "group receiver entry value")), "group receiving chain");
        }

        return new GroupSession(
            Suite(stored.PackId),
            FromStored(Required(stored.Version, "group session version")),
            stored.SessionId,
            Required(stored.GroupInfo, "group info"),
            FromStored(Required(stored.Owner, "group session owner")),
            FromStored(Required(stored.OwnChain, "group own chain")),
            receivers.ToImmutable());
    }

    private static StoredGroupReceiverChain ToStored(GroupReceiverChain receiver)
    {
        var stored = new StoredGroupReceiverChain { Member = ToStored(receiver.Member), Current = ToStored(receiver.Current) };
        foreach (RetiredGroupChain r in receiver.Retired)
        {
            var retired = new StoredRetiredGroupChain
            {
                State = ToStored(r.State),
                RetiredAtMs = r.RetiredAtMs,
                ReplacedByAdd = r.ReplacedByAdd,
                Invited = r.Invite is not null,
                InviteSequence = r.Invite?.Sequence ?? 0,
            };
            retired.InviteWelcomed.AddRange(r.Invite?.Welcomed ?? []);
            stored.Retired.Add(retired);
        }

        return stored;
    }

    private static GroupReceiverChain FromStored(StoredGroupReceiverChain stored) => new(
        FromStored(Required(stored.Member, "group receiver member")),
        FromStored(Required(stored.Current, "group receiver current chain")),
        [.. stored.Retired.Select(r => new RetiredGroupChain(
            FromStored(Required(r.State, "retired group chain")),
            r.RetiredAtMs,
            r.ReplacedByAdd,
            r.Invited ? new GroupInvite(r.InviteSequence, [.. r.InviteWelcomed]) : null))]);

    private static StoredGroupChainState ToStored(GroupChainState state)
    {
        var stored = new StoredGroupChainState { Chain = ToStored(state.Chain) };
        stored.SkippedKeys.AddRange(state.SkippedKeys.Select(kv => new StoredGroupSkippedKey { Index = kv.Key, Key = Bytes(kv.Value.Span) }));
        stored.Spent.AddRange(state.Spent.Select(kv => new StoredGroupSpentPosition { Index = kv.Key, Fingerprint = kv.Value }));
        return stored;
    }

    private static GroupChainState FromStored(StoredGroupChainState stored)
    {
        var skipped = ImmutableSortedDictionary.CreateBuilder<uint, SecretBytes>();
        foreach (StoredGroupSkippedKey k in stored.SkippedKeys)
        {
            AddUnique(skipped, k.Index, Secret(k.Key), "group skipped key index");
        }

        var spent = ImmutableSortedDictionary.CreateBuilder<uint, ulong>();
        foreach (StoredGroupSpentPosition p in stored.Spent)
        {
            AddUnique(spent, p.Index, p.Fingerprint, "group spent position");
        }

        return new GroupChainState(FromStored(Required(stored.Chain, "group chain key")), skipped.ToImmutable())
        {
            Spent = spent.ToImmutable(),
        };
    }
}
