using System.Collections.Immutable;
using System.Text;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Client;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Realistic <see cref="DeviceState"/>s built the way the protocol builds their parts (without the Device class):
/// one-to-one sessions from <see cref="TwoParties"/> with skipped keys, an outbound session awaiting its accept from
/// <see cref="SessionInitiator.Invite"/> (PQC: <see cref="PendingKemHandshake"/>; ECC: <see cref="PendingDhHandshake"/>),
/// a group from <see cref="GroupParty"/> after a removal (a retired session) and an add (retired chains replaced by
/// the add), a group still waiting for its keys, an account with used one-time pre-keys and two signed pre-keys,
/// processed ids and an outbox. Shared with the SQLite store tests (linked source).
/// </summary>
internal static class DeviceStateSamples
{
    public const long NowMs = TwoParties.NowMs;

    public static Wire.E2eeAddress CarolAddress => Addresses.User("e2eelab.org", "carol", "dev1");

    public static Wire.E2eeAddress SecondGroupAddress => new()
    {
        Domain = "e2eelab.org",
        Group = new Wire.PeerGroup { GroupId = "g2", GroupName = "pending" },
    };

    /// <summary>
    /// A device with everything a state can hold. The conversations it came from stay available, with messages still
    /// to be delivered, so a test can check that the restored state behaves as the original.
    /// </summary>
    public static RichSample Rich(CipherSuite suite, string label = "rich")
    {
        // ---- one-to-one: Alice's established session with Bob, holding skipped keys (Bob's messages out of order).
        TwoParties one = TwoParties.Establish(suite, $"{label}/one2one");
        one.BobReceives(one.AliceSends("hello bob"));
        List<Wire.E2eeMsg> fromBob = one.BobSendsMany("b", 4);
        one.AliceReceives(fromBob[3]);
        one.AliceReceives(fromBob[1]);

        // Held back: fromBob[0] and fromBob[2] (their keys are skipped keys in Alice's session).
        List<Wire.E2eeMsg> heldBack = [fromBob[0], fromBob[2]];

        // ---- an outbound session to Carol awaiting her accept.
        (Account _, Account carol) = TwoParties.CreateAccounts(suite, $"{label}/carol");
        var inviteRandom = new ReferenceStreamRandom($"{label}/invite/{suite.Name}");
        Wire.PreKeyBundle carolBundle = carol.ToPreKeyBundle(CarolAddress, carol.OneTimePreKeys[0]);
        (AwaitingAcceptSession awaiting, Wire.InviteMsg invite) =
            SessionInitiator.Invite(one.Alice, TwoParties.AliceAddress, VerifiedPreKeyBundle.Verify(carolBundle, suite), inviteRandom, NowMs);

        // ---- Alice's account (the one her sessions were made with): two signed pre-keys (renewed past the ttl),
        // two one-time pre-keys used.
        var accountRandom = new ReferenceStreamRandom($"{label}/account/{suite.Name}");
        Account account = one.Alice
            .WithOneTimePreKeyUsed(1)
            .WithOneTimePreKeyUsed(7);
        (account, SignedPreKey? renewed) = account.RenewSignedPreKeyIfExpired(NowMs + (long)TimeSpan.FromDays(8).TotalMilliseconds, accountRandom);
        if (renewed is null || account.SignedPreKeys.Count != 2)
        {
            throw new InvalidOperationException("the sample account should hold two signed pre-keys");
        }

        // ---- a group: out-of-order messages, a removal (retired session), an add (retired chains).
        GroupParty group = GroupParty.Create(suite, $"{label}/group", "alice", "bob", "carol", "dave");
        List<Wire.E2eeMsg> bobGroup = group.SendMany("bob", "g", 3);
        group.Receive("alice", bobGroup[2]);
        Wire.E2eeMsg inFlightOldSession = bobGroup[0];
        group.Receive("alice", bobGroup[1]);
        group.Remove("carol", NowMs, "dave");
        Wire.E2eeMsg inFlightBeforeAdd = group.Send("carol", "before the add");
        group.Add("bob", NowMs, "erin");
        GroupState aliceGroup = group["alice"].State;

        var keyedGroup = new DeviceGroup(
            GroupParty.GroupAddress,
            aliceGroup,
            [.. group.Members.Select(m => m.Member)],
            [],
            [],
            AwaitingJoin: false);
        var waitingGroup = new DeviceGroup(
            SecondGroupAddress,
            null,
            [group["alice"].Member, group["bob"].Member],
            [group.CreationBundle.Clone()],
            [.. group.LastMemberBundles.Select(b => b.Clone())],
            AwaitingJoin: true);

        // ---- peers, the outbox and processed ids.
        var bobPeer = new PeerSessions(TwoParties.BobAddress.Clone(), [one.AliceSession], []);
        var carolPeer = new PeerSessions(
            CarolAddress.Clone(),
            [awaiting],
            [
                new Wire.Plaintext { Version = ProtocolVersion.E2ees.Plaintext, CommonMsg = ByteString.CopyFromUtf8("waiting for carol 1") },
                new Wire.Plaintext { Version = ProtocolVersion.E2ees.Plaintext, CommonMsg = ByteString.CopyFromUtf8("waiting for carol 2") },
            ]);

        DeviceState state = new DeviceState(
                suite,
                ProtocolVersion.E2ees,
                TwoParties.AliceAddress.Clone(),
                "token-alice-0001",
                account,
                ImmutableDictionary<string, PeerSessions>.Empty.WithComparers(StringComparer.Ordinal),
                ImmutableDictionary<string, DeviceGroup>.Empty.WithComparers(StringComparer.Ordinal),
                [],
                [])
            .WithPeer(carolPeer)
            .WithPeer(bobPeer)
            .WithGroup(waitingGroup)
            .WithGroup(keyedGroup)
            .MarkProcessed("proto-msg-0001")
            .MarkProcessed("proto-msg-0002")
            .MarkProcessed("proto-msg-0003")
            .Send(RequestType.Invite, new Wire.InviteRequest { Msg = invite })
            .Send(RequestType.ConsumeProtoMsg, new Wire.ConsumeProtoMsgRequest { ProtoMsgId = "proto-msg-0003" });

        return new RichSample(state, one, heldBack, carol, invite, group, inFlightOldSession, inFlightBeforeAdd);
    }

    /// <summary>A typical device: a fresh account (100 one-time pre-keys) and one established session.</summary>
    public static DeviceState Typical(CipherSuite suite)
    {
        TwoParties one = TwoParties.Establish(suite, "typical");
        one.BobReceives(one.AliceSends("hi"));
        one.AliceReceives(one.BobSends("hello"));
        Account account = Account.Create(suite, new ReferenceStreamRandom($"typical/account/{suite.Name}"), NowMs);
        return new DeviceState(
                suite,
                ProtocolVersion.E2ees,
                TwoParties.AliceAddress.Clone(),
                "token",
                account,
                ImmutableDictionary<string, PeerSessions>.Empty,
                ImmutableDictionary<string, DeviceGroup>.Empty,
                [],
                [])
            .WithPeer(new PeerSessions(TwoParties.BobAddress.Clone(), [one.AliceSession], []));
    }

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}

/// <summary>A rich sample state and the conversations it came from.</summary>
/// <param name="State">Alice's device state.</param>
/// <param name="OneToOne">Alice and Bob; Alice's session in <paramref name="State"/> is <see cref="TwoParties.AliceSession"/>.</param>
/// <param name="HeldBack">Bob's messages Alice has not received (their keys are skipped keys).</param>
/// <param name="Carol">The account Alice's pending invite went to.</param>
/// <param name="Invite">The pending invite.</param>
/// <param name="Group">The group; Alice's state in it is the keys of <see cref="GroupParty.GroupAddress"/>.</param>
/// <param name="InFlightOldSession">Bob's message of the session the removal retired, not yet received by Alice.</param>
/// <param name="InFlightBeforeAdd">Carol's message sent before the add, not yet received by Alice (a retired chain decrypts it).</param>
internal sealed record RichSample(
    DeviceState State,
    TwoParties OneToOne,
    IReadOnlyList<Wire.E2eeMsg> HeldBack,
    Account Carol,
    Wire.InviteMsg Invite,
    GroupParty Group,
    Wire.E2eeMsg InFlightOldSession,
    Wire.E2eeMsg InFlightBeforeAdd)
{
    public EstablishedSession AliceSession => (EstablishedSession)State.PeerOf(TwoParties.BobAddress).Sessions[0];

    public AwaitingAcceptSession AwaitingCarol => (AwaitingAcceptSession)State.PeerOf(DeviceStateSamples.CarolAddress).Sessions[0];

    public GroupState AliceGroup => State.GroupOf(GroupParty.GroupAddress).Keys ?? throw new InvalidOperationException("no group keys");
}
