using System.Text;
using E2eeConformance.Engine.Client;
using E2eeConformance.Integration.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Integration.Tests;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// New devices of group members, added while other adds are under way (issue 11, convergence devices mix; seed 000
/// §Add group member device): every member device ends with every other one in its session and reads everyone.
/// </summary>
[TestFixture("ecc")]
[TestFixture("pqc")]
public sealed class GroupDeviceAddConvergenceTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    private World NewWorld() => new(Suite, TestContext.CurrentContext.Test.Name);

    private static (string, string) U(World w, string user) => (w.Domain, user);

    [Test]
    public void Two_users_who_each_add_a_device_at_the_same_time_end_in_one_session_and_read_each_other()
    {
        // Convergence devices mix, seed 25: each user's own device used to add its new device, and the members applied
        // the two adds in different orders, so their chains differed. Now the server's membership version orders them:
        // the device whose answer skips a version holds its own add until the other has arrived.
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob");
        Wire.E2eeAddress group = alice.CreateGroup("g", [U(w, "bob")]);
        w.Pump();
        alice.SendGroupText(group, Encoding.UTF8.GetBytes("before the new devices"));
        w["bob/1"].SendGroupText(group, Encoding.UTF8.GetBytes("bob before the new devices"));

        w.Add("alice", "2");
        w.Add("bob", "2");
        w.Pump();

        EveryDeviceHoldsAllAndReadsEveryone(w, group, ["alice/1", "alice/2", "bob/1", "bob/2"]);
    }

    [Test]
    public void A_users_two_new_devices_added_while_the_members_still_wait_for_the_seed_end_in_one_session()
    {
        // Convergence devices mix, seed 4: the members hold both add notices when the creation seed arrives (it must not
        // take the new devices in), and the second new device hears of the first add before its own (it must not apply
        // it again); the first new device applies the second add before the other members' chains reach it (their
        // chains must be brought forward by that add).
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob");
        w.Add("carol", "1");
        w.Add("carol", "2");
        Wire.E2eeAddress group = alice.CreateGroup("g", [U(w, "carol"), U(w, "bob")]);
        alice.SendGroupText(group, Encoding.UTF8.GetBytes("before the new devices"));
        w.Add("alice", "2");
        w.Add("alice", "3");
        w.Pump();

        EveryDeviceHoldsAllAndReadsEveryone(w, group, ["alice/1", "alice/2", "alice/3", "bob/1", "carol/1", "carol/2"]);
    }

    private static void EveryDeviceHoldsAllAndReadsEveryone(World w, Wire.E2eeAddress group, string[] devices)
    {
        foreach (string device in devices)
        {
            w[device].State.GroupOf(group).Keys!.Current.Members.Should().HaveCount(devices.Length, $"{device} holds every member device");
        }

        foreach (string sender in devices)
        {
            w[sender].SendGroupText(group, Encoding.UTF8.GetBytes($"last from {sender}"));
        }

        w.Pump();
        w.Log.Failures.Should().BeEmpty();
        foreach (string receiver in devices)
        {
            w.Log.GroupTextsReceivedBy($"{receiver}@{w.Domain}").Should().Contain(
                devices.Where(d => d != receiver).Select(d => $"last from {d}"), $"{receiver} reads every other member device");
        }
    }
}
