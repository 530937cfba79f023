using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Groups;

/// <summary>
/// Making group sessions from a seed (seed 000 §Create group, §Remove members; REFERENCE-BEHAVIOUR §35, 36, 40): the creator
/// (or, after a removal, the remover) draws a new seed and session id and hands the seed to every member device in a
/// GroupPreKeyBundle over the one-to-one sessions; each member builds the same chains from it.
/// </summary>
public static class GroupSessionFactory
{
    /// <summary>
    /// Creates a new group session and the GroupPreKeyBundle that carries its seed (new_outbound_group_session_by_sender).
    /// Draws the 32-byte seed, then 16 bytes for the session id. <paramref name="oldSessionId"/> names the session this
    /// one replaces (removal, leave, renewal after the chain limit), or is empty.
    /// </summary>
    public static (GroupSession Session, Wire.GroupPreKeyBundle Bundle) Create(
        Account owner,
        Wire.E2eeAddress ownerAddress,
        Wire.GroupInfo groupInfo,
        IEnumerable<GroupMember> members,
        string oldSessionId,
        IRandomSource random,
        ProtocolVersion? version = null)
    {
        version ??= ProtocolVersion.E2ees;
        byte[] seed = new byte[ProtocolLimits.GroupSeedLength];
        random.Fill(seed);
        string sessionId = Uuid.New(random);
        var self = new GroupMember(ownerAddress.Clone(), owner.Identity.Sign.PublicKey);
        GroupSession session = GroupSession.FromSeed(owner.Suite, version, sessionId, groupInfo, self, members, seed);
        var bundle = new Wire.GroupPreKeyBundle
        {
            Version = version.Protocol,
            E2EesPackId = owner.Suite.PackId.Value,
            Sender = ownerAddress.Clone(),
            SessionId = sessionId,
            OldSessionId = oldSessionId,
            GroupInfo = groupInfo.Clone(),
            Sequence = 0,
            GroupSeed = ByteString.CopyFrom(seed),
        };
        return (session, bundle);
    }

    /// <summary>
    /// A member's session from a received GroupPreKeyBundle and the member list (with sign keys) the server sent in
    /// CreateGroupMsg / RemoveGroupMembersMsg (complete_inbound_group_session_*).
    /// </summary>
    public static GroupSession FromPreKeyBundle(
        Account owner, Wire.E2eeAddress ownerAddress, Wire.GroupPreKeyBundle bundle, IEnumerable<GroupMember> members)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.E2EesPackId != owner.Suite.PackId.Value)
        {
            throw new ProtocolException(ProtocolErrorCode.WrongSuite, $"group bundle pack id 0x{bundle.E2EesPackId:x6}, ours {owner.Suite.PackId}");
        }

        if (string.IsNullOrEmpty(bundle.Version) || string.IsNullOrEmpty(bundle.SessionId) || bundle.GroupInfo?.GroupAddress is null)
        {
            throw new ProtocolException(ProtocolErrorCode.BadGroupBundle, "group pre-key bundle lacks version, session id or group address");
        }

        List<GroupMember> list = [.. members];
        if (!list.Any(m => Addresses.SameDevice(m.Address, ownerAddress)))
        {
            throw new ProtocolException(ProtocolErrorCode.NotAMember, $"{Addresses.Format(ownerAddress)} is not in the member list of group session {bundle.SessionId}");
        }

        var self = new GroupMember(ownerAddress.Clone(), owner.Identity.Sign.PublicKey);
        ProtocolVersion version = bundle.Version == ProtocolVersion.E2ees.Protocol ? ProtocolVersion.E2ees
            : bundle.Version == ProtocolVersion.Skissm.Protocol ? ProtocolVersion.Skissm
            : new ProtocolVersion("recorded", bundle.Version, bundle.Version);
        return GroupSession.FromSeed(owner.Suite, version, bundle.SessionId, bundle.GroupInfo, self, list, bundle.GroupSeed.Span);
    }
}
