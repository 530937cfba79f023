using Google.Protobuf;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Tests.Support;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>
/// Linear group operations (issue 12 §3): a 10,000-member group is created and reached, and its notice and messages are
/// stored once for all recipients — each recipient's ProtoMsg carries the same payload object, not a copy. Time and
/// memory per member are measured by <c>e2ee-bench --scale</c>, not here.
/// </summary>
public sealed class GroupScaleTests
{
    private const int Members = 10_000;

    [Test]
    public void A_ten_thousand_member_group_is_created_and_every_member_is_reached_with_one_shared_payload()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone", oneTimePreKeys: 0);
        var credentials = new List<DeviceCredential>();
        for (int i = 1; i < Members; i++)
        {
            RegisterUserResponse r = world.Server.RegisterUser(Requests.Register(alice.Account, $"u{i:D5}", "1", oneTimePreKeys: 0));
            r.Code.Should().Be(ResponseCode.Ok);
            credentials.Add(new DeviceCredential(r.Address, r.Auth));
        }

        CreateGroupRequest create = Requests.CreateGroup(alice, "big", [("alice", GroupRole.Manager), .. Enumerable.Range(1, Members - 1).Select(i => ($"u{i:D5}", GroupRole.Member))]);
        CreateGroupResponse created = world.Server.CreateGroup(alice.Credential, create);
        created.Code.Should().Be(ResponseCode.Ok, created.Msg);
        created.MemberInfoList.Should().HaveCount(Members);
        world.Server.SendGroupMsg(alice.Credential, Requests.GroupMsg(alice, created.GroupAddress, [1, 2, 3])).Code.Should().Be(ResponseCode.Ok);

        var store = (ProtoMsgStore)typeof(E2eeServer).GetField("_store", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(world.Server)!;
        store.Stored.Should().Be(2L * (Members - 1), "one notice and one message per other member");
        ProtoMsg first = world.Server.Pending(credentials[0].Address).Last();
        ProtoMsg last = world.Server.Pending(credentials[^1].Address).Last();
        first.E2EeMsg.GroupMsg.Ciphertext.Should().Equal(ByteString.CopyFrom(1, 2, 3));
        last.E2EeMsg.Should().Be(first.E2EeMsg);
        SharedPayloads(world, credentials[0], credentials[^1]).Should().BeTrue("the stored messages share one payload");
    }

    /// <summary>Whether the two devices' stored messages hold the very same payload objects (not copies).</summary>
    private static bool SharedPayloads(TestWorld world, DeviceCredential a, DeviceCredential b)
    {
        object accounts = typeof(E2eeServer).GetField("_accounts", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(world.Server)!;
        var registry = (AccountRegistry)accounts;
        State.DeviceRecord da = registry.TryDevice(a.Address)!;
        State.DeviceRecord db = registry.TryDevice(b.Address)!;
        return ReferenceEquals(da.Inbox.Messages.Last().E2EeMsg, db.Inbox.Messages.Last().E2EeMsg)
            && ReferenceEquals(da.Inbox.Messages.First().CreateGroupMsg, db.Inbox.Messages.First().CreateGroupMsg);
    }
}
