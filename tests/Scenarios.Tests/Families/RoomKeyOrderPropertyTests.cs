using System.Globalization;
using System.Text;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Families;

/// <summary>
/// Room keys under any delivery order (issue 16, as a hostile reviewer would test it): generated room histories —
/// texts, invitations, joins by approval, leaves, key periods running out (the next speaker replaces the key), restarts,
/// devices going offline, holds and shuffled partial deliveries — must end, once the network heals, with every text
/// read by every member the server took it to (the run's end invariant), no text read twice or altered, and no error
/// but the one the history makes legitimate: a text (or key) that reaches a member after it left, <c>not_a_member</c>.
/// A failing seed prints its scenario file.
/// </summary>
public sealed class RoomKeyOrderPropertyTests
{
    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin"];

    /// <summary>Seeds of the CI share; <c>ROOM_KEY_ORDER_SEEDS</c> runs more.</summary>
    private const int CiSeeds = 100;

    [Test]
    public void Every_generated_room_history_converges_whatever_the_delivery_order()
    {
        int seeds = int.TryParse(Environment.GetEnvironmentVariable("ROOM_KEY_ORDER_SEEDS"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : CiSeeds;
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            string yaml = Generate(seed);
            Scenario scenario = ScenarioLoader.Parse(yaml, "generated.yaml");
            ScenarioResult result = ScenarioRunner.Run(ScenarioRunner.Plan(scenario).Single());
            result.Outcome.Should().Be(ScenarioOutcome.Pass, $"seed {seed}: {result.FailedStep}: {result.Reason}\n--- scenario ---\n{yaml}\n--- transcript ---\n{result.Transcript}");
        }
    }

    /// <summary>A room history drawn from <paramref name="seed"/> as a scenario file.</summary>
    private static string Generate(ulong seed)
    {
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"name: room-keys-order-{seed}\nprotocol: room-keys\nseed: {seed}\nroom_keys: {{ replace_after: 1h }}\nusers:\n");
        foreach (string user in Users)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  {user}: 1\n");
        }

        yaml.Append("steps:\n  - register: all\n  - expect: { tolerate: { at: all, code: not_a_member, reason: \"a text or key in flight reaches a member after it left\" } }\n");
        yaml.Append("  - create_group: { by: alice, name: g, members: [bob, carol] }\n  - run_until_quiet\n");
        HashSet<string> members = ["alice", "bob", "carol"];
        HashSet<string> settled = [.. members]; // members holding the room's current key (nothing of theirs in flight)
        HashSet<string> offline = [];
        HashSet<string> departed = []; // left, and their devices may not have been told yet: no rejoin before a settle
        bool periodOver = false;
        int texts = 0;
        for (int op = 0; op < 14; op++)
        {
            string[] ready = [.. settled.Where(u => members.Contains(u) && !offline.Contains(u)).Order(StringComparer.Ordinal)];
            string[] outside = [.. Users.Where(u => !members.Contains(u) && !offline.Contains(u) && !departed.Contains(u))];
            switch (random.Next(10))
            {
                case 0 or 1 or 2 when ready.Length > 0:
                    string from = ready[random.Next(ready.Length)];
                    texts++;
                    yaml.Append(CultureInfo.InvariantCulture, $"  - send: {{ from: {from}, to: \"group:g\", text: \"text {texts} from {from}\", as: t{texts}{(random.Next(6) == 0 ? ", encrypt: false" : "")} }}\n");
                    if (periodOver)
                    {
                        settled = []; // the speaker replaces the key once its UpdateRoomKeyNotification arrives; everyone gets it through the network
                        periodOver = false;
                    }

                    break;
                case 3 when ready.Length > 0 && outside.Length > 0:
                    string invited = outside[random.Next(outside.Length)];
                    yaml.Append(CultureInfo.InvariantCulture, $"  - add_members: {{ by: {ready[random.Next(ready.Length)]}, group: g, users: [{invited}] }}\n");
                    members.Add(invited);
                    break;
                case 4 when ready.Length > 0 && outside.Length > 0:
                    string joiner = outside[random.Next(outside.Length)];
                    string approver = ready[random.Next(ready.Length)];
                    yaml.Append(CultureInfo.InvariantCulture, $"  - request_join: {{ who: {joiner}, group: g }}\n  - deliver: {{ to: {approver}, kind: join }}\n  - approve_join: {{ by: {approver}, who: {joiner}, group: g }}\n");
                    members.Add(joiner);
                    break;
                case 5 when members.Count > 2 && ready.Length > 0:
                    // A member whose admission has not reached its device yet does not know it is in: it cannot leave.
                    string leaver = ready[random.Next(ready.Length)];
                    yaml.Append(CultureInfo.InvariantCulture, $"  - leave: {{ who: {leaver}, group: g }}\n");
                    members.Remove(leaver);
                    departed.Add(leaver);
                    periodOver = true; // the room is marked: the next speaker replaces
                    break;
                case 6:
                    yaml.Append("  - advance_clock: 61m\n");
                    periodOver = true;
                    break;
                case 7:
                    string held = Users[random.Next(Users.Length)];
                    yaml.Append(CultureInfo.InvariantCulture, $"  - hold: {{ to: {held} }}\n  - deliver: {{ shuffle: true }}\n  - release: {{ to: {held} }}\n");
                    break;
                case 8:
                    string who = Users[random.Next(Users.Length)];
                    if (offline.Remove(who))
                    {
                        yaml.Append(CultureInfo.InvariantCulture, $"  - online: {who}\n");
                    }
                    else
                    {
                        offline.Add(who);
                        yaml.Append(CultureInfo.InvariantCulture, $"  - offline: {who}\n");
                    }

                    break;
                default:
                    yaml.Append(random.Next(2) == 0 ? "  - deliver: { shuffle: true }\n" : $"  - restart: {Users[random.Next(Users.Length)]}\n");
                    break;
            }

            if (random.Next(4) == 0)
            {
                Settle(yaml, offline);
                settled = [.. members];
                departed.Clear();
            }
        }

        Settle(yaml, offline);
        foreach (string user in members.Order(StringComparer.Ordinal))
        {
            texts++;
            yaml.Append(CultureInfo.InvariantCulture, $"  - send: {{ from: {user}, to: \"group:g\", text: \"last {texts} from {user}\", as: t{texts} }}\n");
        }

        yaml.Append("  - run_until_quiet\n");
        foreach (string user in members.Order(StringComparer.Ordinal))
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - expect: {{ state: {{ device: {user}, group: g, group_members: {members.Count} }} }}\n");
        }

        return yaml.ToString();
    }

    private static void Settle(StringBuilder yaml, HashSet<string> offline)
    {
        foreach (string user in offline.Order(StringComparer.Ordinal))
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - online: {user}\n");
        }

        offline.Clear();
        yaml.Append("  - run_until_quiet\n");
    }
}
