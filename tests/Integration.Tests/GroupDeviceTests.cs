using System.Text;
using E2eeConformance.Engine.Client;
using E2eeConformance.Integration.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Integration.Tests;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>Groups end to end through the server: create, send, add, remove, leave, a member's new device.</summary>
[TestFixture("ecc")]
[TestFixture("pqc")]
public sealed class GroupDeviceTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    private World NewWorld(bool sqlite = false) => new(Suite, TestContext.CurrentContext.Test.Name, sqlite);

    private static byte[] T(string text) => Encoding.UTF8.GetBytes(text);

    private static (string, string) U(World w, string user) => (w.Domain, user);

    private static string N(World w, string device) => $"{device}@{w.Domain}";

    [Test]
    public void A_created_group_reaches_every_member_device_and_every_member_can_send()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob");
        w.Add("carol", "1");
        w.Add("carol", "2");

        Wire.E2eeAddress group = alice.CreateGroup("friends", [U(w, "bob"), U(w, "carol")]);
        w.Pump();
        alice.SendGroupText(group, T("hello group"));
        w.Pump();
        w["bob/1"].SendGroupText(group, T("hi from bob"));
        w["carol/2"].SendGroupText(group, T("hi from carol's second device"));
        w.Pump();

        w.Log.Failures.Should().BeEmpty();
        w.Log.GroupTextsReceivedBy(N(w, "bob/1")).Should().Equal(["hello group", "hi from carol's second device"]);
        w.Log.GroupTextsReceivedBy(N(w, "carol/1")).Should().Equal(["hello group", "hi from bob", "hi from carol's second device"]);
        w.Log.GroupTextsReceivedBy(N(w, "carol/2")).Should().Equal(["hello group", "hi from bob"]);
        w.Log.GroupTextsReceivedBy(N(w, "alice/1")).Should().Equal(["hi from bob", "hi from carol's second device"]);
    }

    [Test]
    public void A_removed_member_reads_nothing_sent_after_the_removal_and_the_others_read_on()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob");
        w.Add("carol");
        Wire.E2eeAddress group = alice.CreateGroup("g", [U(w, "bob"), U(w, "carol")]);
        w.Pump();
        alice.SendGroupText(group, T("before"));
        w.Pump();

        alice.RemoveGroupMembers(group, [U(w, "carol")]);
        w.Pump();
        alice.SendGroupText(group, T("after"));
        w["bob/1"].SendGroupText(group, T("bob after"));
        w.Pump();

        w.Log.Failures.Should().BeEmpty();
        w.Log.GroupTextsReceivedBy(N(w, "bob/1")).Should().Equal(["before", "after"]);
        w.Log.GroupTextsReceivedBy(N(w, "carol/1")).Should().Equal(["before"]);
        w.Log.Events.OfType<GroupLeft>().Should().Contain(e => e.Device == N(w, "carol/1"));
        w["carol/1"].State.Groups.Values.Should().ContainSingle().Which.IsMember.Should().BeFalse("the removed member only reads what was written before, for the grace");
        w.Clock.Advance(Engine.Protocol.ProtocolLimits.RetiredGroupSessionGrace + TimeSpan.FromSeconds(1));
        w["carol/1"].Activate();
        w["carol/1"].State.Groups.Should().BeEmpty("the removed member dropped its keys when the grace ended");
        w.Log.GroupTextsReceivedBy(N(w, "alice/1")).Should().Equal(["bob after"]);
    }

    [Test]
    public void An_added_member_reads_what_follows_but_not_the_history()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob");
        Wire.E2eeAddress group = alice.CreateGroup("g", [U(w, "bob")]);
        w.Pump();
        alice.SendGroupText(group, T("history"));
        w.Pump();

        w.Add("dave");
        alice.AddGroupMembers(group, [U(w, "dave")]);
        w.Pump();
        alice.SendGroupText(group, T("welcome dave"));
        w["bob/1"].SendGroupText(group, T("hi dave"));
        w.Pump();
        w["dave/1"].SendGroupText(group, T("thanks"));
        w.Pump();

        w.Log.Failures.Should().BeEmpty();
        w.Log.GroupTextsReceivedBy(N(w, "dave/1")).Should().Equal(["welcome dave", "hi dave"]);
        w.Log.GroupTextsReceivedBy(N(w, "bob/1")).Should().Equal(["history", "welcome dave", "thanks"]);
        w.Log.GroupTextsReceivedBy(N(w, "alice/1")).Should().Equal(["hi dave", "thanks"]);
    }

    [Test]
    public void A_member_that_leaves_is_removed_by_the_manager_and_reads_nothing_more()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob");
        w.Add("carol");
        Wire.E2eeAddress group = alice.CreateGroup("g", [U(w, "bob"), U(w, "carol")]);
        w.Pump();

        w["carol/1"].LeaveGroup(group);
        w.Pump();
        alice.SendGroupText(group, T("without carol"));
        w.Pump();

        w.Log.Failures.Should().BeEmpty();
        w.Log.GroupTextsReceivedBy(N(w, "bob/1")).Should().Equal(["without carol"]);
        w.Log.GroupTextsReceivedBy(N(w, "carol/1")).Should().BeEmpty();
        w["carol/1"].State.Groups.Values.Should().ContainSingle().Which.IsMember.Should().BeFalse();
        w.Clock.Advance(Engine.Protocol.ProtocolLimits.RetiredGroupSessionGrace + TimeSpan.FromSeconds(1));
        w["carol/1"].Activate();
        w["carol/1"].State.Groups.Should().BeEmpty("the member that left dropped its keys when the grace ended");
    }

    [Test]
    public void Adding_a_device_that_is_already_in_the_group_is_refused_and_changes_nothing()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob", "1");
        Wire.E2eeAddress group = alice.CreateGroup("g", [U(w, "bob")]);
        w.Pump();
        Device bob2 = w.Add("bob", "2");
        w.Pump(); // bob/1 adds its new device automatically

        DeviceState before = w["bob/1"].State;
        ((Action)(() => w["bob/1"].AddGroupMemberDevice(group, bob2.Address))).Should().Throw<DeviceRequestException>()
            .Which.Code.Should().Be(Wire.ResponseCode.RequestConflict);
        DeviceState after = w["bob/1"].State;
        DeviceStateCodec.Encode(after with { NextRequestId = before.NextRequestId, NextEventId = before.NextEventId })
            .Should().Equal(DeviceStateCodec.Encode(before), "only the request counters moved: the refused request left no trace");
        w.Log.Events.OfType<RequestRefused>().Should().ContainSingle(e => e.Request == "add_group_member_device" && e.Code == Wire.ResponseCode.RequestConflict);

        alice.SendGroupText(group, T("to both of bob's devices"));
        w.Pump();
        w.Log.GroupTextsReceivedBy(N(w, "bob/2")).Should().Equal(["to both of bob's devices"]);
        w.Log.Failures.Should().BeEmpty();
    }

    [Test]
    public void Group_devices_restarted_from_sqlite_between_steps_lose_nothing()
    {
        using World w = NewWorld(sqlite: true);
        Device alice = w.Add("alice");
        w.Add("bob");
        Wire.E2eeAddress group = alice.CreateGroup("g", [U(w, "bob")]);
        w.Pump(betweenSteps: () => w.Restart("bob/1"));
        for (int i = 0; i < 4; i++)
        {
            w["alice/1"].SendGroupText(group, T($"g{i}"));
            w.Restart("alice/1");
            w.Pump(betweenSteps: () => w.Restart("bob/1"));
        }

        w.Log.Failures.Should().BeEmpty();
        w.Log.GroupTextsReceivedBy(N(w, "bob/1")).Should().Equal(["g0", "g1", "g2", "g3"]);
    }

    [Test]
    public void After_group_traffic_the_server_holds_no_group_plaintext_and_no_seed()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob");
        Wire.E2eeAddress group = alice.CreateGroup("g", [U(w, "bob")]);
        alice.SendGroupText(group, T("the group secret is hidden"));
        IReadOnlyList<byte[]> stored = w.Server.StoredBytes();
        w.Pump();
        alice.SendGroupText(group, T("the group secret is hidden"));
        stored = [.. stored, .. w.Server.StoredBytes()];
        w.Pump();

        byte[] text = T("the group secret is hidden");
        byte[] chain = w["alice/1"].State.GroupOf(group).Keys!.Current.OwnChain.ToArray();
        foreach (byte[] blob in stored)
        {
            blob.AsSpan().IndexOf(text).Should().Be(-1);
            blob.AsSpan().IndexOf(chain.AsSpan(0, 16)).Should().Be(-1);
        }

        w.Log.GroupTextsReceivedBy(N(w, "bob/1")).Should().HaveCount(2);
    }

    [Test]
    public void A_server_heartbeat_raises_an_event_and_is_not_consumed()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        Wire.ServerHeartbeatMsg? beat = w.Transport.Heartbeat(alice.Credential, new Wire.ClientHeartbeatMsg { ClientT = 1 });
        beat.Should().NotBeNull();

        alice.Process(new Wire.ProtoMsg { ServerHeartbeatMsg = beat });

        w.Log.Events.OfType<HeartbeatReceived>().Should().ContainSingle(e => e.Device == N(w, "alice/1"));
        alice.State.Outbox.Should().BeEmpty("a heartbeat is not consumed");
    }

    [Test]
    public void Group_messages_that_arrive_before_the_keys_are_held_across_a_restart_and_then_read()
    {
        using World w = NewWorld(sqlite: true);
        Device alice = w.Add("alice");
        w.Add("bob");
        Wire.E2eeAddress group = alice.CreateGroup("g", [U(w, "bob")]);
        alice.SendGroupText(group, T("early 1"));
        alice.SendGroupText(group, T("early 2"));

        w.Pump(betweenSteps: () => w.Restart("bob/1"));

        w.Log.Failures.Should().BeEmpty();
        w.Log.GroupTextsReceivedBy(N(w, "bob/1")).Should().Equal(["early 1", "early 2"]);
        w["bob/1"].State.GroupOf(group).PendingMessages.Should().BeEmpty();
    }

    [Test]
    public void A_leave_the_server_refuses_to_act_on_is_reported_and_the_manager_device_goes_on()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob");
        Wire.E2eeAddress group = alice.CreateGroup("g", [U(w, "bob")]);
        w.Pump();

        // A forged LeaveGroupMsg naming a user who is not in the group: the manager's removal request is refused.
        alice.Process(new Wire.ProtoMsg
        {
            Tag = new Wire.ProtoMsgTag { ProtoMsgId = "forged-1" },
            LeaveGroupMsg = new Wire.LeaveGroupMsg { UserAddress = E2eeConformance.Engine.Protocol.Addresses.User(w.Domain, "mallory", "1"), GroupAddress = group },
        });

        w.Log.Events.OfType<RequestRefused>().Should().ContainSingle(e => e.Request == "remove_group_members");
        alice.SendGroupText(group, T("still working"));
        w.Pump();
        w.Log.GroupTextsReceivedBy(N(w, "bob/1")).Should().Equal(["still working"]);
    }

    [Test]
    public void A_text_a_new_member_sends_before_its_group_keys_arrive_waits_and_is_read_by_everyone()
    {
        using World w = NewWorld(sqlite: true);
        Device alice = w.Add("alice");
        Device bob = w.Add("bob");
        w.Add("carol");
        Wire.E2eeAddress group = alice.CreateGroup("g", [U(w, "bob"), U(w, "carol")]);
        ((Action)(() => bob.SendGroupText(group, T("too early")))).Should().Throw<DeviceCommandException>().Which.Code.Should().Be("unknown_group", "bob has not heard of the group yet");

        bob.Process(w.Server.Pending(bob.Address).First(m => m.PayloadCase == Wire.ProtoMsg.PayloadOneofCase.CreateGroupMsg));
        w["bob/1"].SendGroupText(group, T("before my keys"));
        w.Restart("bob/1"); // the waiting text is part of the saved state
        w.Pump();

        w.Log.GroupTextsReceivedBy(N(w, "alice/1")).Should().Equal(["before my keys"]);
        w.Log.GroupTextsReceivedBy(N(w, "carol/1")).Should().Equal(["before my keys"]);
        w["bob/1"].State.GroupOf(group).WaitingTexts.Should().BeEmpty();
        w.Log.Failures.Should().BeEmpty();
    }

    [Test]
    public void A_members_new_device_is_added_to_its_groups_by_the_users_first_device_automatically()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob", "1");
        Wire.E2eeAddress group = alice.CreateGroup("g", [U(w, "bob")]);
        w.Pump();

        w.Add("bob", "2");
        w.Pump();
        alice.SendGroupText(group, T("to both of bob's devices"));
        w.Pump();
        w["bob/2"].SendGroupText(group, T("hello from bob's new device"));
        w.Pump();

        w.Log.Failures.Should().BeEmpty();
        w.Log.GroupTextsReceivedBy(N(w, "bob/2")).Should().Equal(["to both of bob's devices"]);
        w.Log.GroupTextsReceivedBy(N(w, "alice/1")).Should().Equal(["hello from bob's new device"]);
        w.Log.GroupTextsReceivedBy(N(w, "bob/1")).Should().Equal(["to both of bob's devices", "hello from bob's new device"]);
    }
}
