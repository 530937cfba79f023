using System.Globalization;
using System.Text;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Tests.Families;

/// <summary>
/// Sender keys under any delivery order (issue 15, as a hostile reviewer would test it): generated group histories —
/// sends, joins, removals, leaves, restarts, devices going offline, holds released later and shuffled partial
/// deliveries — must end, once the network heals, with every text read by every device the relay took it to (the
/// run's end invariant), no text read twice or altered, and no error but the ones the history makes legitimate
/// (a text that reaches a member after its removal: <c>wrong_address</c>). A failing seed prints its scenario file.
/// </summary>
public sealed class SenderKeyOrderPropertyTests
{
    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin"];

    /// <summary>Seeds of the CI share; <c>SENDER_KEY_ORDER_SEEDS</c> runs more (the opt-in soak of the family).</summary>
    private const int CiSeeds = 150;

    [Test]
    public void Every_generated_group_history_converges_whatever_the_delivery_order()
    {
        int seeds = int.TryParse(Environment.GetEnvironmentVariable("SENDER_KEY_ORDER_SEEDS"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : CiSeeds;
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            string yaml = Generate(seed);
            Scenario scenario = ScenarioLoader.Parse(yaml, "generated.yaml");
            ScenarioResult result = ScenarioRunner.Run(ScenarioRunner.Plan(scenario).Single());
            result.Outcome.Should().Be(ScenarioOutcome.Pass, $"seed {seed}: {result.FailedStep}: {result.Reason}\n--- scenario ---\n{yaml}\n--- transcript ---\n{result.Transcript}");
        }
    }

    /// <summary>A group history drawn from <paramref name="seed"/> as a scenario file.</summary>
    private static string Generate(ulong seed)
    {
        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"name: sender-keys-order-{seed}\nprotocol: sender-keys\nseed: {seed}\nusers:\n");
        foreach (string user in Users)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  {user}: {1 + random.Next(2)}\n");
        }

        yaml.Append("steps:\n  - register: all\n  - expect: { tolerate: { at: all, code: wrong_address, reason: \"a text in flight reaches a member after its removal\" } }\n");
        int tolerations = yaml.Length;
        HashSet<string> joiners = [];
        yaml.Append("  - create_group: { by: alice, name: g, members: [bob, carol] }\n  - run_until_quiet\n");
        HashSet<string> members = ["alice", "bob", "carol"];
        HashSet<string> settled = [.. members]; // members every device of which has taken the latest notice
        HashSet<string> offline = [];
        int texts = 0;
        for (int op = 0; op < 14; op++)
        {
            string[] now = [.. members.Order(StringComparer.Ordinal)];
            switch (random.Next(9))
            {
                case 0 or 1 or 2:
                    string[] speakers = [.. settled.Where(u => members.Contains(u) && !offline.Contains(u)).Order(StringComparer.Ordinal)];
                    if (speakers.Length > 0)
                    {
                        string from = speakers[random.Next(speakers.Length)];
                        texts++;
                        yaml.Append(CultureInfo.InvariantCulture, $"  - send: {{ from: {from}, to: \"group:g\", text: \"text {texts} from {from}\", as: t{texts} }}\n");
                    }

                    break;
                case 3 when members.Count < Users.Length && now.Any(u => !offline.Contains(u)):
                    string joiner = Users.Where(u => !members.Contains(u)).ElementAt(random.Next(Users.Length - members.Count));
                    yaml.Append(CultureInfo.InvariantCulture, $"  - add_members: {{ by: {Settled([.. now.Where(u => !offline.Contains(u))], settled, random)}, group: g, users: [{joiner}] }}\n");
                    members.Add(joiner);
                    joiners.Add(joiner);
                    settled.Remove(joiner);
                    break;
                case 4 when members.Count > 2 && now.Count(u => !offline.Contains(u)) >= 2:
                    // A membership change by an offline device would wait in its outbox and land later than the model says.
                    string[] online = [.. now.Where(u => !offline.Contains(u))];
                    string removed = online[random.Next(online.Length)];
                    string by = Settled([.. online.Where(u => u != removed)], settled, random);
                    yaml.Append(random.Next(2) == 0 || by == removed
                        ? $"  - leave: {{ who: {removed}, group: g }}\n"
                        : $"  - remove_members: {{ by: {by}, group: g, users: [{removed}] }}\n");
                    members.Remove(removed);
                    break;
                case 5:
                    yaml.Append("  - deliver: { shuffle: true }\n");
                    break;
                case 6:
                    string held = Users[random.Next(Users.Length)];
                    yaml.Append(CultureInfo.InvariantCulture, $"  - hold: {{ to: {held} }}\n  - deliver: {{ shuffle: true }}\n  - release: {{ to: {held} }}\n");
                    break;
                case 7:
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

                    settled.Remove(who);
                    break;
                default:
                    yaml.Append(CultureInfo.InvariantCulture, $"  - restart: {Users[random.Next(Users.Length)]}/1\n");
                    break;
            }

            if (random.Next(4) == 0)
            {
                foreach (string user in offline)
                {
                    yaml.Append(CultureInfo.InvariantCulture, $"  - online: {user}\n");
                }

                offline.Clear();
                yaml.Append("  - run_until_quiet\n");
                settled = [.. members];
            }
        }

        foreach (string user in offline)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - online: {user}\n");
        }

        yaml.Append("  - run_until_quiet\n");
        foreach (string user in members.Order(StringComparer.Ordinal))
        {
            texts++;
            yaml.Append(CultureInfo.InvariantCulture, $"  - send: {{ from: {user}, to: \"group:g\", text: \"last {texts} from {user}\", as: t{texts} }}\n");
        }

        yaml.Append("  - run_until_quiet\n");
        foreach (string user in members.Order(StringComparer.Ordinal))
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - expect: {{ state: {{ device: {user}, group: g, group_members: {{ at_least: {members.Count} }} }} }}\n");
        }

        // A text a member sealed before it took the notice of a join goes out under its old key: the relay brings it to
        // the newcomer too, who has no history key and cannot read it (by design: no history for a newcomer).
        foreach (string joiner in joiners.Order(StringComparer.Ordinal))
        {
            foreach (string code in new[] { "unknown_key_id", "retired_key_id" })
            {
                yaml.Insert(tolerations, $"  - expect: {{ tolerate: {{ at: {joiner}, code: {code}, reason: \"a text sealed under a key from before {joiner} joined\" }} }}\n");
            }
        }

        return yaml.ToString();
    }

    /// <summary>A member that has taken the latest notice, to make a change (any member when none has).</summary>
    private static string Settled(string[] candidates, HashSet<string> settled, Random random)
    {
        string[] ready = [.. candidates.Where(settled.Contains)];
        return ready.Length > 0 ? ready[random.Next(ready.Length)] : candidates[random.Next(candidates.Length)];
    }
}
