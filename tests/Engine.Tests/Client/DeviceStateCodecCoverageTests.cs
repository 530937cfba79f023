using System.Reflection;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Tests.Client;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>Guards that the codec stays complete: a record that gains a field fails here until the codec writes it.</summary>
public sealed class DeviceStateCodecCoverageTests
{
    /// <summary>The primary-constructor parameters of every record the codec writes, as it writes them.</summary>
    private static readonly Dictionary<Type, string[]> Written = new()
    {
        [typeof(DeviceState)] = ["Suite", "Version", "Address", "Token", "Account", "Peers", "Groups", "Processed", "Outbox"],
        [typeof(OutboxItem)] = ["Kind", "Request"],
        [typeof(PeerSessions)] = ["Peer", "Sessions", "Waiting"],
        [typeof(DeviceGroup)] = ["GroupAddress", "Keys", "Members", "PendingSeeds", "PendingUpdates", "AwaitingJoin"],
        [typeof(Account)] = ["Suite", "Identity", "SignedPreKeys", "OneTimePreKeys", "NextOneTimePreKeyId"],
        [typeof(IdentityKey)] = ["Asym", "Sign"],
        [typeof(SignedPreKey)] = ["Id", "KeyPair", "Signature", "ExpiresAtMs"],
        [typeof(OneTimePreKey)] = ["id", "keyPair", "used"], // and an ML-KEM key's seed instead of keyPair (OneTimePreKeySeedTests)
        [typeof(KeyPair)] = ["publicKey", "privateKey"],
        [typeof(ProtocolVersion)] = ["Name", "Protocol", "Plaintext"],
        [typeof(SessionInfo)] = ["SessionId", "Suite", "Version", "OurAddress", "TheirAddress", "AssociatedData", "Fingerprint", "InviteT", "BobSignedPreKeyId", "BobOneTimePreKeyId"],
        [typeof(EstablishedSession)] = ["Info", "Ratchet"],
        [typeof(AwaitingAcceptSession)] = ["Info", "Pending"],
        [typeof(PendingKemHandshake)] = ["PartialSecret", "BaseKey", "TheirSignedPreKey"],
        [typeof(PendingDhHandshake)] = ["Ratchet", "TheirSignedPreKey"],
        [typeof(RatchetState)] = ["RootKey", "RootSequence", "SendingMessageSequence", "Sender", "Receiver", "SkippedKeys"],
        [typeof(SenderChain)] = ["OurRatchetKey", "TheirRatchetKey", "ChainKey"],
        [typeof(ReceiverChain)] = ["TheirRatchetKey", "OurRatchetPrivateKey", "ChainKey", "ChainStart"],
        [typeof(SkippedMessageKey)] = ["RatchetKey", "Index", "DerivedKey"],
        [typeof(GroupState)] = ["Current", "Retired"],
        [typeof(RetiredGroupSession)] = ["Session", "RetiredAtMs"],
        [typeof(GroupSession)] = ["Suite", "Version", "SessionId", "GroupInfo", "Owner", "OwnChain", "Receivers"],
        [typeof(GroupReceiverChain)] = ["Member", "Current", "Retired"],
        [typeof(GroupChainState)] = ["Chain", "SkippedKeys"],
        [typeof(RetiredGroupChain)] = ["State", "RetiredAtMs", "ReplacedByAdd", "Invite"],
        [typeof(GroupInvite)] = ["Sequence", "Welcomed"],
        [typeof(GroupMember)] = ["Address", "SignPublicKey"],
        [typeof(WaitingText)] = ["Text", "WrittenFor", "Version"],
        [typeof(GroupRequest)] = ["RequestId", "Kind", "Group", "Info", "OldSessionId", "Device"],
    };

    [Test]
    public void Every_record_field_is_written()
    {
        foreach ((Type type, string[] fields) in Written)
        {
            ConstructorInfo constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
                .Where(c => !(c.GetParameters() is [{ } only] && only.ParameterType == type))
                .OrderByDescending(c => c.GetParameters().Length)
                .First();
            constructor.GetParameters().Select(p => p.Name).Should().Equal(fields, $"DeviceStateCodec writes these fields of {type.Name}");
        }
    }

    /// <summary>The init properties of <see cref="DeviceGroup"/> the codec writes besides its constructor's.</summary>
    private static readonly string[] WrittenGroupProperties =
    [
        "PendingMessages", "HeldAuthentic", "PendingNotices", "FormerMembers", "WaitingTexts", "AddedHere", "ReAdd",
        "ReAddAfterRemovalOf", "Superseded", "LeftAtMs", "SelfVersion", "AwaitedChains", "ReflectedNotices",
        "VersionOnlyChanges",
    ];

    [Test]
    public void Every_init_property_of_a_device_group_is_written()
    {
        typeof(DeviceGroup).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.DeclaringType == typeof(DeviceGroup))
            .Select(p => p.Name)
            .Except(Written[typeof(DeviceGroup)])
            .Should().Equal(WrittenGroupProperties, "DeviceStateCodec writes these properties of DeviceGroup (a departed device's LeftAtMs and SelfVersion too)");
    }

    [Test]
    public void Every_kind_of_session_and_pending_handshake_is_written()
    {
        Type[] types = typeof(DeviceState).Assembly.GetTypes();
        types.Where(t => t.IsSubclassOf(typeof(OneToOneSession))).Should().BeEquivalentTo([typeof(EstablishedSession), typeof(AwaitingAcceptSession)]);
        types.Where(t => t.IsSubclassOf(typeof(PendingHandshake))).Should().BeEquivalentTo([typeof(PendingKemHandshake), typeof(PendingDhHandshake)]);
    }

    [Test]
    public void The_outbox_keeps_the_request_numbers_it_was_first_saved_with()
    {
        Enum.GetValues<RequestType>().Where(OutboxItem.IsQueued).Select(t => ((int)t, t.ToString())).Should().Equal(
            [(1, "PublishSpk"), (2, "SupplyOpks"), (3, "Invite"), (4, "Accept"), (5, "SendOne2oneMsg"), (6, "SendGroupMsg"), (7, "ConsumeProtoMsg"),
                (9, "GetPreKeyBundle"), (10, "UpdateUser"), (11, "CreateGroup"), (12, "AddGroupMembers"), (13, "RemoveGroupMembers"), (14, "AddGroupMemberDevice"), (15, "LeaveGroup")],
            "a saved outbox stores a request type as its number; every request after registration goes through the outbox");
    }

    [Test]
    public void A_device_refuses_to_queue_a_request_it_never_sends_from_its_outbox()
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc);

        Action queue = () => state.Send(RequestType.RegisterUser, new Wire.RegisterUserRequest());

        queue.Should().Throw<ArgumentException>().WithParameterName("kind").WithMessage("*does not queue RegisterUser*");
    }
}
