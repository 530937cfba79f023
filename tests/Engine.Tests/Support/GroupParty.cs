using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Tests.Support;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// The member devices of one group and their group state, built and changed the way the protocol does it (seed 000
/// §Group message; REFERENCE-BEHAVIOUR §35–41): the creator runs <see cref="GroupSessionFactory.Create"/> and every other
/// member <see cref="GroupSessionFactory.FromPreKeyBundle"/> with the member list; a removal (or leave) is a new seed
/// with <c>old_session_id</c> and <see cref="GroupState.Replace"/>; an add is <see cref="GroupSessionAdd"/>.
/// Devices are named "alice" (alice/dev1) or "alice/dev2". Not thread-safe (it keeps each device's state in a field).
/// </summary>
internal sealed class GroupParty
{
    public const long NowMs = TwoParties.NowMs;

    public const string Domain = "e2eelab.org";

    private static readonly ConcurrentDictionary<string, Lazy<Account>> AccountCache = new(StringComparer.Ordinal);

    private readonly Dictionary<string, MemberDevice> _devices = new(StringComparer.Ordinal);
    private readonly List<MemberDevice> _members = [];

    private GroupParty(CipherSuite suite, IRandomSource random)
    {
        Suite = suite;
        Random = random;
    }

    public CipherSuite Suite { get; }

    /// <summary>The randomness every send and membership change of this group draws from.</summary>
    public IRandomSource Random { get; }

    /// <summary>The current member devices, creator first, in the order they joined.</summary>
    public IReadOnlyList<MemberDevice> Members => _members;

    /// <summary>Every device this party has made, members or not (removed devices keep their last state).</summary>
    public IEnumerable<MemberDevice> AllDevices => _devices.Values;

    public MemberDevice this[string name] => _devices.TryGetValue(name, out MemberDevice? d) ? d : throw new KeyNotFoundException($"no device {name}");

    /// <summary>The group's address: group g1 "test" at e2eelab.org.</summary>
    public static Wire.E2eeAddress GroupAddress => new()
    {
        Domain = Domain,
        Group = new Wire.PeerGroup { GroupId = "g1", GroupName = "test" },
    };

    public static Wire.GroupInfo GroupInfo => new() { GroupName = "test", GroupAddress = GroupAddress };

    /// <summary>"alice" → alice/dev1@e2eelab.org; "alice/dev2" → alice/dev2@e2eelab.org.</summary>
    public static Wire.E2eeAddress AddressOf(string name)
    {
        string[] parts = name.Split('/');
        return Addresses.User(Domain, parts[0], parts.Length > 1 ? parts[1] : "dev1");
    }

    /// <summary>The account of device <paramref name="name"/> in <paramref name="suite"/>, created once per test run (accounts are immutable).</summary>
    public static Account AccountOf(CipherSuite suite, string name) =>
        AccountCache.GetOrAdd(
            $"{suite.Name}/{name}",
            key => new Lazy<Account>(() => Account.Create(suite, new ReferenceStreamRandom($"group party account {key}"), NowMs))).Value;

    /// <summary>
    /// Creates the group: <paramref name="names"/>[0] is the creator (<see cref="GroupSessionFactory.Create"/>), every
    /// other member builds its session from the creator's GroupPreKeyBundle and the member list.
    /// </summary>
    public static GroupParty Create(CipherSuite suite, string label, params string[] names)
    {
        if (names.Length < 2)
        {
            throw new ArgumentException("a group needs at least two member devices", nameof(names));
        }

        var party = new GroupParty(suite, new ReferenceStreamRandom($"group party {label}/{suite.Name}"));
        List<MemberDevice> devices = [.. names.Select(party.Device)];
        List<GroupMember> members = [.. devices.Select(d => d.Member)];
        MemberDevice creator = devices[0];
        (GroupSession session, Wire.GroupPreKeyBundle bundle) =
            GroupSessionFactory.Create(creator.Account, creator.Address, GroupInfo, members, string.Empty, party.Random);
        creator.State = GroupState.Of(session);
        party.CreationBundle = bundle;
        foreach (MemberDevice d in devices.Skip(1))
        {
            d.State = GroupState.Of(GroupSessionFactory.FromPreKeyBundle(d.Account, d.Address, bundle, members));
        }

        party._members.AddRange(devices);
        return party;
    }

    /// <summary>The GroupPreKeyBundle of the group's creation.</summary>
    public Wire.GroupPreKeyBundle CreationBundle { get; private set; } = new();

    /// <summary>The device <paramref name="name"/> (made, with its account, on first use; not a member until added).</summary>
    public MemberDevice Device(string name)
    {
        if (!_devices.TryGetValue(name, out MemberDevice? device))
        {
            Account account = AccountOf(Suite, name);
            Wire.E2eeAddress address = AddressOf(name);
            device = new MemberDevice(name, account, address, new GroupMember(address, account.Identity.Sign.PublicKey));
            _devices[name] = device;
        }

        return device;
    }

    public bool IsMember(string name) => _members.Any(m => m.Name == name);

    /// <summary>The deviations of each device that has any (a device not named follows <see cref="ProtocolDeviations.None"/>).</summary>
    public Dictionary<string, ProtocolDeviations> Deviations { get; } = new(StringComparer.Ordinal);

    private ProtocolDeviations DeviationsOf(string name) => Deviations.TryGetValue(name, out ProtocolDeviations d) ? d : ProtocolDeviations.None;

    /// <summary><paramref name="sender"/> encrypts <paramref name="text"/> with its current session; its sending chain advances.</summary>
    public Wire.E2eeMsg Send(string sender, string text)
    {
        MemberDevice d = this[sender];
        (GroupSession next, Wire.E2eeMsg message) = d.Session.Encrypt(d.Account, Encoding.UTF8.GetBytes(text), Random, DeviationsOf(sender));
        d.State = d.State with { Current = next };
        return message;
    }

    /// <summary><paramref name="sender"/> sends <paramref name="count"/> messages "{prefix}0", "{prefix}1", ….</summary>
    public List<Wire.E2eeMsg> SendMany(string sender, string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Send(sender, $"{prefix}{i}"))];

    /// <summary>
    /// Moves <paramref name="sender"/>'s sending chain <paramref name="count"/> steps on without producing messages, as if
    /// it had sent <paramref name="count"/> messages that were all lost (keeps the PQC limit tests fast).
    /// </summary>
    public void LoseSends(string sender, int count)
    {
        MemberDevice d = this[sender];
        ChainKey chain = d.Session.OwnChain;
        for (int i = 0; i < count; i++)
        {
            chain = chain.Next();
        }

        d.State = d.State with { Current = d.Session with { OwnChain = chain } };
    }

    /// <summary><paramref name="receiver"/> decrypts with <see cref="GroupState.Decrypt"/>; on success its state advances, on failure it stays.</summary>
    public (GroupMember Sender, string Text) ReceiveFrom(string receiver, Wire.E2eeMsg message, long nowMs = NowMs)
    {
        MemberDevice d = this[receiver];
        (GroupState next, GroupMember sender, byte[] text) = d.State.Decrypt(message, nowMs, DeviationsOf(receiver));
        d.State = next;
        return (sender, Encoding.UTF8.GetString(text));
    }

    public string Receive(string receiver, Wire.E2eeMsg message, long nowMs = NowMs) => ReceiveFrom(receiver, message, nowMs).Text;

    /// <summary>Every current member except the sender of <paramref name="message"/> decrypts it; returns the texts by receiver.</summary>
    public Dictionary<string, string> DeliverToAll(Wire.E2eeMsg message, long nowMs = NowMs) =>
        _members.Where(m => !Addresses.SameDevice(m.Address, message.From))
            .ToDictionary(m => m.Name, m => Receive(m.Name, message, nowMs), StringComparer.Ordinal);

    /// <summary>
    /// Removes <paramref name="removed"/> (seed 000 §Remove members; REFERENCE-BEHAVIOUR §40): <paramref name="remover"/> runs
    /// creation again with a new seed and <c>old_session_id</c>, every remaining member builds the new session from the
    /// bundle and the remaining member list, and every remaining member's state retires the old session at
    /// <paramref name="nowMs"/>. The removed devices keep their state as it was. Returns the new bundle.
    /// </summary>
    public Wire.GroupPreKeyBundle Remove(string remover, long nowMs, params string[] removed)
    {
        MemberDevice by = this[remover];
        if (removed.Contains(remover, StringComparer.Ordinal))
        {
            throw new ArgumentException("the remover cannot remove itself (a leave is removed by another member)", nameof(removed));
        }

        List<MemberDevice> remaining = [.. _members.Where(m => !removed.Contains(m.Name, StringComparer.Ordinal))];
        List<GroupMember> members = [.. remaining.Select(d => d.Member)];
        (GroupSession session, Wire.GroupPreKeyBundle bundle) =
            GroupSessionFactory.Create(by.Account, by.Address, GroupInfo, members, by.Session.SessionId, Random);
        foreach (MemberDevice d in remaining)
        {
            GroupSession next = d == by ? session : GroupSessionFactory.FromPreKeyBundle(d.Account, d.Address, bundle, members);
            d.State = d.State.Replace(next, nowMs);
        }

        _members.Clear();
        _members.AddRange(remaining);
        return bundle;
    }

    /// <summary>
    /// Adds <paramref name="newcomers"/> in list order (seed 000 §Add members; REFERENCE-BEHAVIOUR §41):
    /// <see cref="GroupSessionAdd.AddAsInviter"/>, every other existing member
    /// <see cref="GroupSessionAdd.ApplyAsMember"/> with the inviter's pre-add sequence, and every newcomer
    /// <see cref="GroupSessionAdd.JoinFromInviter"/> then <see cref="GroupSessionAdd.AcceptMemberChain"/> for each
    /// existing member's bundle. Returns the inviter's bundle (adding = true).
    /// </summary>
    public Wire.GroupUpdateKeyBundle Add(string inviter, long nowMs, params string[] newcomers)
    {
        MemberDevice by = this[inviter];
        List<MemberDevice> joining = [.. newcomers.Select(Device)];
        List<GroupMember> newMembers = [.. joining.Select(d => d.Member)];
        (GroupSession inviterNext, Wire.GroupUpdateKeyBundle forNewcomers) = GroupSessionAdd.AddAsInviter(by.Session, newMembers, GroupInfo, nowMs);
        var memberBundles = new List<Wire.GroupUpdateKeyBundle>();
        var nextStates = new Dictionary<MemberDevice, GroupSession> { [by] = inviterNext };
        foreach (MemberDevice d in _members.Where(m => m != by))
        {
            (GroupSession next, Wire.GroupUpdateKeyBundle bundle) =
                GroupSessionAdd.ApplyAsMember(d.Session, by.Address, forNewcomers.Sequence, newMembers, GroupInfo, nowMs);
            nextStates[d] = next;
            memberBundles.Add(bundle);
        }

        foreach (MemberDevice n in joining)
        {
            GroupSession session = GroupSessionAdd.JoinFromInviter(n.Account, n.Address, forNewcomers);
            foreach (Wire.GroupUpdateKeyBundle b in memberBundles)
            {
                session = GroupSessionAdd.AcceptMemberChain(session, b);
            }

            nextStates[n] = session;
        }

        foreach ((MemberDevice d, GroupSession next) in nextStates)
        {
            d.State = d.HasState ? d.State with { Current = next } : GroupState.Of(next);
        }

        _members.AddRange(joining);
        LastMemberBundles = memberBundles;
        return forNewcomers;
    }

    /// <summary>The existing members' bundles (adding = false) of the last <see cref="Add"/>.</summary>
    public IReadOnlyList<Wire.GroupUpdateKeyBundle> LastMemberBundles { get; private set; } = [];

    /// <summary>
    /// Every disagreement between current members: for each member X and each other member Y, X's own sending chain
    /// against Y's receiving chain for X (index and key), and Y's knowledge of X's sign key. Empty when all agree.
    /// </summary>
    public List<string> ChainDisagreements()
    {
        var problems = new List<string>();
        foreach (MemberDevice x in _members)
        {
            ChainKey own = x.Session.OwnChain;
            foreach (MemberDevice y in _members.Where(m => m != x))
            {
                if (!y.Session.Receivers.TryGetValue(x.Key, out GroupReceiverChain? chain))
                {
                    problems.Add($"{y.Name} holds no chain for {x.Name}");
                    continue;
                }

                if (!chain.Current.Chain.Equals(own))
                {
                    problems.Add($"{y.Name}'s chain for {x.Name} is {GroupStateDump.Chain(chain.Current.Chain)}, {x.Name}'s own is {GroupStateDump.Chain(own)}");
                }

                if (!chain.Member.SignPublicKey.AsSpan().SequenceEqual(x.Member.SignPublicKey))
                {
                    problems.Add($"{y.Name} holds another sign key for {x.Name}");
                }
            }

            int extra = x.Session.Receivers.Count - (_members.Count - 1);
            if (extra != 0)
            {
                problems.Add($"{x.Name} holds {x.Session.Receivers.Count} receiving chains for {_members.Count - 1} other members");
            }
        }

        return problems;
    }

    /// <summary>One member device: its account, address, member entry and current group state.</summary>
    internal sealed class MemberDevice(string name, Account account, Wire.E2eeAddress address, GroupMember member)
    {
        public string Name { get; } = name;

        public Account Account { get; } = account;

        public Wire.E2eeAddress Address { get; } = address;

        public GroupMember Member { get; } = member;

        /// <summary>The member key (<see cref="GroupMember.Key"/>) the sessions index receiving chains by.</summary>
        public string Key => Member.Key;

        private GroupState? _state;

        /// <summary>The device's group state; set once it is a member (kept as it was when it is removed).</summary>
        public GroupState State
        {
            get => _state ?? throw new InvalidOperationException($"{Name} has no group state yet");
            set => _state = value;
        }

        public bool HasState => _state is not null;

        public GroupSession Session => State.Current;

        public override string ToString() => $"MemberDevice({Name})";
    }
}

/// <summary>
/// A canonical text dump of everything a group state holds (every chain key and index, every skipped key, every retired
/// chain and session, hex text), so "a failed step leaves the state unchanged" (compute, then commit) is a string
/// comparison. It reads the bytes, so an in-place change (e.g. a shared key zeroed by a dispose) shows too.
/// <see cref="Fields"/> lists the record properties it covers; a test fails when a record gains one it does not.
/// </summary>
internal static class GroupStateDump
{
    /// <summary>The init properties of the group records that <see cref="Of(GroupState)"/> writes.</summary>
    public static readonly IReadOnlyDictionary<Type, string[]> Fields = new Dictionary<Type, string[]>
    {
        [typeof(GroupState)] = ["Current", "Retired"],
        [typeof(RetiredGroupSession)] = ["Session", "RetiredAtMs"],
        [typeof(GroupSession)] = ["Suite", "Version", "SessionId", "GroupInfo", "Owner", "OwnChain", "Receivers"],
        [typeof(GroupMember)] = ["Address", "SignPublicKey"],
        [typeof(GroupReceiverChain)] = ["Member", "Current", "Retired"],
        [typeof(RetiredGroupChain)] = ["State", "RetiredAtMs", "ReplacedByAdd", "Invite"],
        [typeof(GroupInvite)] = ["Sequence", "Welcomed"],
        [typeof(GroupChainState)] = ["Chain", "SkippedKeys", "Spent"],
    };

    public static string Of(GroupState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var sb = new StringBuilder();
        sb.AppendLine("current:");
        Write(sb, state.Current, "  ");
        sb.Append("retired.count=").AppendLine(Num(state.Retired.Count));
        for (int i = 0; i < state.Retired.Count; i++)
        {
            sb.Append("retired[").Append(Num(i)).Append("].at=").AppendLine(Num(state.Retired[i].RetiredAtMs));
            Write(sb, state.Retired[i].Session, $"  retired[{Num(i)}].");
        }

        return sb.ToString();
    }

    public static string Of(GroupSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var sb = new StringBuilder();
        Write(sb, session, string.Empty);
        return sb.ToString();
    }

    public static string Chain(ChainKey chain) => $"{Num(chain.Index)}:{Convert.ToHexStringLower(chain.Key)}";

    private static void Write(StringBuilder sb, GroupSession s, string p)
    {
        sb.Append(p).Append("suite=").AppendLine(s.Suite.PackId.ToString())
            .Append(p).Append("version=").Append(s.Version.Name).Append('/').Append(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s.Version.Protocol)))
            .Append('/').AppendLine(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s.Version.Plaintext)))
            .Append(p).Append("session_id=").AppendLine(s.SessionId)
            .Append(p).Append("group_info=").AppendLine(s.GroupInfo.ToString())
            .Append(p).Append("owner=").AppendLine(Member(s.Owner))
            .Append(p).Append("own_chain=").AppendLine(Chain(s.OwnChain))
            .Append(p).Append("receivers.count=").AppendLine(Num(s.Receivers.Count));
        foreach ((string key, GroupReceiverChain r) in s.Receivers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            string rp = $"{p}receivers[{key}].";
            sb.Append(rp).Append("member=").AppendLine(Member(r.Member));
            Write(sb, r.Current, rp + "current.");
            sb.Append(rp).Append("retired.count=").AppendLine(Num(r.Retired.Count));
            for (int i = 0; i < r.Retired.Count; i++)
            {
                sb.Append(rp).Append("retired[").Append(Num(i)).Append("].at=").AppendLine(Num(r.Retired[i].RetiredAtMs));
                sb.Append(rp).Append("retired[").Append(Num(i)).Append("].by_add=").AppendLine(r.Retired[i].ReplacedByAdd ? "true" : "false");
                if (r.Retired[i].Invite is { } invite)
                {
                    sb.Append(rp).Append("retired[").Append(Num(i)).Append("].invite=").Append(Num(invite.Sequence)).Append(':').AppendLine(string.Join(',', invite.Welcomed));
                }

                Write(sb, r.Retired[i].State, $"{rp}retired[{Num(i)}].");
            }
        }
    }

    private static void Write(StringBuilder sb, GroupChainState state, string p)
    {
        sb.Append(p).Append("chain=").AppendLine(Chain(state.Chain))
            .Append(p).Append("skipped.count=").AppendLine(Num(state.SkippedKeys.Count));
        foreach ((uint index, SecretBytes key) in state.SkippedKeys)
        {
            sb.Append(p).Append("skipped[").Append(Num(index)).Append("]=").AppendLine(Convert.ToHexStringLower(key.Span));
        }

        sb.Append(p).Append("spent=").AppendLine(string.Join(',', state.Spent.Select(kv => $"{Num(kv.Key)}:{kv.Value.ToString("x16", CultureInfo.InvariantCulture)}")));
    }

    private static string Member(GroupMember m) =>
        $"{m.Key} ({m.Address}) sign={Convert.ToHexStringLower(m.SignPublicKey)}";

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
