using System.Collections.Immutable;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Groups;

/// <summary>
/// Adding members to a group session (seed 000 §Add members; REFERENCE-BEHAVIOUR §41; renew_outbound_group_session_by_welcome_and_add).
/// The session id stays; every chain is re-derived: newcomers get welcome(inviter chain) in list order, the inviter's
/// chain becomes add(welcome) after each, and every other chain becomes add(chain). The replaced positions are retired
/// for the grace period so messages sent before the add still decrypt. A deviant device
/// (<see cref="ProtocolDeviations.NoChainLimit"/>, never ours) adds past the 512 chain limit.
/// </summary>
public static class GroupSessionAdd
{
    /// <summary>
    /// The inviter's side. Returns the new session, the GroupUpdateKeyBundle (adding = true, the inviter's pre-add chain
    /// and sequence) to send to every newcomer, and that sequence (for AddGroupMembersMsg).
    /// </summary>
    public static (GroupSession Session, Wire.GroupUpdateKeyBundle ForNewcomers) AddAsInviter(
        GroupSession session, IReadOnlyList<GroupMember> newcomers, Wire.GroupInfo updatedInfo, long nowMs, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        CheckNewcomers(session, newcomers);
        if (session.OwnChain.Index >= ProtocolLimits.MaxMessagesPerChain && !deviations.Has(ProtocolDeviations.NoChainLimit))
        {
            throw new ProtocolException(ProtocolErrorCode.ChainLimitReached, "the inviter's group chain is exhausted: renew the group session before adding members");
        }

        (IReadOnlyList<ChainKey> welcomed, ChainKey inviterAfter) = GroupChainDerivation.WelcomeAndAdd(session.OwnChain, newcomers.Count);
        Wire.GroupUpdateKeyBundle bundle = UpdateBundle(session, adding: true, updatedInfo, newcomers);
        GroupSession next = RederiveOthers(session, updatedInfo, inviterAfter, nowMs, newcomers, welcomed, except: null);
        return (next, bundle);
    }

    /// <summary>
    /// An existing member's side, on the AddGroupMembersMsg: fast-forward our copy of the inviter's chain to its
    /// <paramref name="inviterSequence"/>, apply welcome/add to it, replace our own chain by add(own) and every other
    /// chain by add(chain). Returns the bundle (adding = false, our pre-add chain) to send to every newcomer.
    /// </summary>
    public static (GroupSession Session, Wire.GroupUpdateKeyBundle ForNewcomers) ApplyAsMember(
        GroupSession session, Wire.E2eeAddress inviter, uint inviterSequence, IReadOnlyList<GroupMember> newcomers, Wire.GroupInfo updatedInfo, long nowMs,
        ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        if (newcomers.Count == 0)
        {
            // Peer input (an AddGroupMembersMsg with an empty list), so a protocol error, not a caller's mistake.
            throw new ProtocolException(ProtocolErrorCode.MalformedMessage, $"the add to group session {session.SessionId} names no new members");
        }

        CheckNewcomers(session, newcomers);
        if (inviterSequence >= ProtocolLimits.MaxMessagesPerChain && !deviations.Has(ProtocolDeviations.NoChainLimit))
        {
            throw new ProtocolException(ProtocolErrorCode.ChainLimitExceeded, $"the add names inviter sequence {inviterSequence}, past the group chain limit");
        }

        string inviterKey = GroupMember.AddressKey(inviter);
        if (!session.Receivers.TryGetValue(inviterKey, out GroupReceiverChain? inviterChain))
        {
            throw new ProtocolException(ProtocolErrorCode.NotAMember, $"the inviter {inviterKey} is not a member of group session {session.SessionId}");
        }

        GroupChainState inviterAt = inviterChain.Current.FastForward(inviterSequence, deviations);
        (IReadOnlyList<ChainKey> welcomed, ChainKey inviterAfter) = GroupChainDerivation.WelcomeAndAdd(inviterAt.Chain, newcomers.Count);
        Wire.GroupUpdateKeyBundle bundle = UpdateBundle(session, adding: false, updatedInfo, newcomers);
        GroupSession withInviterKeys = session with
        {
            Receivers = session.Receivers.SetItem(inviterKey, inviterChain with { Current = inviterAt }),
        };
        var invite = new GroupInvite(inviterSequence, [.. newcomers.Select(m => m.Key)]);
        GroupSession next = RederiveOthers(withInviterKeys, updatedInfo, GroupChainDerivation.Add(session.OwnChain), nowMs, newcomers, welcomed, except: (inviterKey, inviterAfter, invite));
        return (next, bundle);
    }

    /// <summary>
    /// A newcomer's session from the inviter's GroupUpdateKeyBundle (adding = true): our chain is welcome(...) at our
    /// place in the adding list, the inviter's the final add, other newcomers' their welcome chains.
    /// </summary>
    public static GroupSession JoinFromInviter(Account owner, Wire.E2eeAddress ownerAddress, Wire.GroupUpdateKeyBundle bundle, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        CheckBundle(owner.Suite, bundle, adding: true, deviations);
        List<GroupMember> newcomers = [.. bundle.AddingMemberInfoList.Select(GroupMember.FromWire)];
        int ours = newcomers.FindIndex(m => Addresses.SameDevice(m.Address, ownerAddress));
        if (ours < 0)
        {
            throw new ProtocolException(ProtocolErrorCode.NotAMember, $"{Addresses.Format(ownerAddress)} is not in the bundle's adding list");
        }

        ChainKey inviterPreAdd = ChainKey.Create(bundle.Sequence, bundle.ChainKey.Span);
        (IReadOnlyList<ChainKey> welcomed, ChainKey inviterAfter) = GroupChainDerivation.WelcomeAndAdd(inviterPreAdd, newcomers.Count);
        var inviter = new GroupMember(bundle.Sender.Clone(), bundle.SignPublicKey.ToByteArray());
        KeyChecks.ExpectLength(inviter.SignPublicKey.Length, owner.Suite.Signature.PublicKeyLength, "group_update_key_bundle.sign_public_key");
        var receivers = ImmutableDictionary.CreateBuilder<string, GroupReceiverChain>(StringComparer.Ordinal);
        receivers[inviter.Key] = GroupReceiverChain.Start(inviter, inviterAfter);
        for (int i = 0; i < newcomers.Count; i++)
        {
            if (i != ours)
            {
                receivers[newcomers[i].Key] = GroupReceiverChain.Start(newcomers[i], welcomed[i]);
            }
        }

        var self = new GroupMember(ownerAddress.Clone(), owner.Identity.Sign.PublicKey);
        ProtocolVersion version = bundle.Version == ProtocolVersion.Skissm.Protocol ? ProtocolVersion.Skissm : ProtocolVersion.E2ees;
        return new GroupSession(owner.Suite, version, bundle.SessionId, bundle.GroupInfo.Clone(), self, welcomed[ours], receivers.ToImmutable());
    }

    /// <summary>
    /// A newcomer adds an existing member's chain from its GroupUpdateKeyBundle (adding = false): add(their pre-add chain).
    /// When the session has had further adds since the one the bundle belongs to (its group info's membership version
    /// is below the session's: the bundle took longer than the next add notice), the chain is carried up through them as
    /// every member does it — add(… at our position), which is 0 for a chain nothing was read on — keeping each level
    /// retired so that <see cref="GroupReceiverChain"/> can find the member's real positions if it wrote in between.
    /// </summary>
    public static GroupSession AcceptMemberChain(GroupSession session, Wire.GroupUpdateKeyBundle bundle, long nowMs = 0, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        CheckBundle(session.Suite, bundle, adding: false, deviations);
        if (bundle.SessionId != session.SessionId)
        {
            throw new ProtocolException(ProtocolErrorCode.UnknownGroupSession, $"update bundle for group session {bundle.SessionId}, ours is {session.SessionId}");
        }

        var member = new GroupMember(bundle.Sender.Clone(), bundle.SignPublicKey.ToByteArray());
        KeyChecks.ExpectLength(member.SignPublicKey.Length, session.Suite.Signature.PublicKeyLength, "group_update_key_bundle.sign_public_key");
        ChainKey chain = GroupChainDerivation.Add(ChainKey.Create(bundle.Sequence, bundle.ChainKey.Span));
        var receiver = GroupReceiverChain.Start(member, chain);
        ulong written = bundle.GroupInfo.MembershipVersion, ours = session.GroupInfo.MembershipVersion;
        for (ulong level = written; written > 0 && level < ours && level - written < ProtocolLimits.MaxRetiredGroupChains; level++)
        {
            receiver = receiver.Replace(GroupChainDerivation.Add(receiver.Current.Chain), nowMs, byAdd: true);
        }

        return session with { Receivers = session.Receivers.SetItem(member.Key, receiver) };
    }

    private static GroupSession RederiveOthers(
        GroupSession session, Wire.GroupInfo updatedInfo, ChainKey ownAfter, long nowMs,
        IReadOnlyList<GroupMember> newcomers, IReadOnlyList<ChainKey> welcomed, (string Key, ChainKey Chain, GroupInvite Invite)? except)
    {
        ImmutableDictionary<string, GroupReceiverChain>.Builder receivers = session.Receivers.ToBuilder();
        foreach ((string key, GroupReceiverChain chain) in session.Receivers)
        {
            bool isInviter = except is { } e && e.Key == key;
            ChainKey replacement = isInviter ? except!.Value.Chain : GroupChainDerivation.Add(chain.Current.Chain);
            receivers[key] = chain.Replace(replacement, nowMs, byAdd: !isInviter, invite: isInviter ? except!.Value.Invite : null);
        }

        for (int i = 0; i < newcomers.Count; i++)
        {
            receivers[newcomers[i].Key] = GroupReceiverChain.Start(newcomers[i], welcomed[i]);
        }

        return session with { GroupInfo = updatedInfo.Clone(), OwnChain = ownAfter, Receivers = receivers.ToImmutable() };
    }

    private static Wire.GroupUpdateKeyBundle UpdateBundle(GroupSession session, bool adding, Wire.GroupInfo updatedInfo, IReadOnlyList<GroupMember> newcomers)
    {
        var bundle = new Wire.GroupUpdateKeyBundle
        {
            Version = session.Version.Protocol,
            E2EesPackId = session.Suite.PackId.Value,
            Sender = session.Owner.Address.Clone(),
            Adding = adding,
            SessionId = session.SessionId,
            GroupInfo = updatedInfo.Clone(),
            Sequence = session.OwnChain.Index,
            ChainKey = ByteString.CopyFrom(session.OwnChain.Key),
            SignPublicKey = ByteString.CopyFrom(session.Owner.SignPublicKey),
        };
        bundle.AddingMemberInfoList.AddRange(newcomers.Select(m => m.ToWire()));
        return bundle;
    }

    private static void CheckNewcomers(GroupSession session, IReadOnlyList<GroupMember> newcomers)
    {
        if (newcomers.Count == 0)
        {
            throw new ArgumentException("no members to add", nameof(newcomers));
        }

        foreach (GroupMember m in newcomers)
        {
            if (m.Key == session.Owner.Key || session.Receivers.ContainsKey(m.Key))
            {
                throw new ProtocolException(ProtocolErrorCode.BadGroupBundle, $"{m.Key} is already a member of group session {session.SessionId}");
            }

            KeyChecks.ExpectLength(m.SignPublicKey.Length, session.Suite.Signature.PublicKeyLength, $"sign_public_key of {m.Key}");
        }
    }

    private static void CheckBundle(CipherSuite suite, Wire.GroupUpdateKeyBundle bundle, bool adding, ProtocolDeviations deviations)
    {
        if (bundle.E2EesPackId != suite.PackId.Value)
        {
            throw new ProtocolException(ProtocolErrorCode.WrongSuite, $"group update bundle pack id 0x{bundle.E2EesPackId:x6}, ours {suite.PackId}");
        }

        if (bundle.Adding != adding || bundle.Sender?.User is null || string.IsNullOrEmpty(bundle.SessionId) || bundle.GroupInfo?.GroupAddress is null)
        {
            throw new ProtocolException(ProtocolErrorCode.BadGroupBundle, $"group update bundle (adding = {bundle.Adding}) lacks sender, session id or group address, or is of the other kind");
        }

        KeyChecks.ExpectLength(bundle.ChainKey.Length, ProtocolLimits.ChainKeyLength, "group_update_key_bundle.chain_key");
        if (bundle.Sequence >= ProtocolLimits.MaxMessagesPerChain && !deviations.Has(ProtocolDeviations.NoChainLimit))
        {
            throw new ProtocolException(ProtocolErrorCode.ChainLimitExceeded, $"group update bundle sequence {bundle.Sequence}");
        }
    }
}
