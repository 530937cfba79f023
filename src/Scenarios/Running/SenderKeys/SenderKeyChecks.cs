using System.Globalization;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Execution;
using E2eeConformance.Scenarios.Running.Relayed;
using E2eeConformance.SenderKeys.Device;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// The expectations of a sender-key run, with the meaning they have in every family (received, not_received, error,
/// tolerate, no_errors, adversary_decrypts / adversary_cannot_decrypt, state, summary), and the end-of-run invariants:
/// every error claimed or tolerated, every message read by every device the relay queued it for unless a
/// <c>not_received</c> or an error at that device says otherwise.
/// </summary>
internal sealed class SenderKeyChecks(SenderKeyWorld world, Func<string, IReadOnlyList<string>> parties, RepeatBindings bindings)
{
    private readonly RelayChecks _common = new(world.Ledger, parties, bindings, world.Say, () => [.. world.Devices.Select(d => d.Name)], "relay");

    private SenderKeyLedger Ledger => world.Ledger;

    public void Check(ExpectStep step)
    {
        foreach (Expectation e in step.Expectations)
        {
            switch (e)
            {
                case var shared when _common.TryCheck(shared): break;
                case AdversaryExpectation a: Adversary(a); break;
                case StateExpectation s: State(s); break;
                case SummaryExpectation s: Summary(s); break;
                default: throw new ScenarioFailure($"the expectation {e.Keyword} has no meaning in sender-keys");
            }
        }
    }

    /// <summary>The end-of-run invariants.</summary>
    public void CheckEnd() => _common.CheckEnd();

    private void Adversary(AdversaryExpectation e)
    {
        string name = X(e.State);
        string message = X(e.Message);
        SenderKeyAdversary adversary = world.Adversaries.TryGetValue(name, out SenderKeyAdversary? a) ? a : throw new ScenarioFailure($"no adversary {name}");
        RelayDelivery? delivery = Ledger.GroupMessages.TryGetValue(message, out E2eeConformance.SenderKeys.Groups.GroupMessage? g)
            ? new GroupDelivery(adversary.Device, world.NowMs, g) // one ciphertext for every member: the observer saw it on the wire
            : world.History.Concat(world.InFlight).Concat(world.Dropped).FirstOrDefault(f => !f.Forged && f.Label == message && f.To == adversary.Device)?.Delivery;
        (bool read, string why) = delivery is null ? (false, $"{message} never went to {adversary.Device}") : adversary.TryRead(message, delivery, world.NowMs, world.Policy);
        if (read != e.CanDecrypt)
        {
            throw new ScenarioFailure(e.CanDecrypt
                ? $"expected the adversary {name} (a copy of {adversary.Device}) to read {message}, but it could not: {why}"
                : $"expected the adversary {name} (a copy of {adversary.Device}) not to read {message}, but it did");
        }

        world.Say($"  ok: adversary {name} {(read ? "reads" : "cannot read")} {message}{(read ? "" : " (" + why + ")")}");
    }

    /// <summary>The counters of one device (a user: its first device, as in every family).</summary>
    private void State(StateExpectation e)
    {
        SenderKeyDeviceState state = world.Device(parties(e.Device)[0]).State;
        GroupView? group = e.Group is { } g ? state.Groups.GetValueOrDefault(X(g)) : null;
        if (e.GroupMembers is not null && group is null)
        {
            throw new ScenarioFailure($"expected {state.Name} to hold group {X(e.Group!)} with {e.GroupMembers} member devices, but it is not in it");
        }

        Count("sessions", e.Sessions, state.Sessions.Count);
        Count("skipped_keys", e.SkippedKeys, state.Groups.Values.Sum(v => v.Records.Values.Sum(r => r.Keys.Values.Sum(c => c.Skipped.Count))));
        Count("groups", e.Groups, state.Groups.Count);
        Count("group_members", e.GroupMembers, group?.Members.Count ?? 0);
        if (e.SenderKeyId is { } id && (group is null || group.Own.KeyId != id))
        {
            throw new ScenarioFailure(group is null
                ? $"expected {state.Name}'s sender key {id} in {X(e.Group!)}, but it is not in the group"
                : string.Create(CultureInfo.InvariantCulture, $"expected {state.Name}'s sender key in {group.Group} to be {id}, but it is {group.Own.KeyId}"));
        }

        world.Say($"  ok: state of {state.Name}");

        void Count(string what, CountRange? range, int actual)
        {
            if (range is { } r && !r.Contains(actual))
            {
                throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected {state.Name} to have {r} {what}, but it has {actual}"));
            }
        }
    }

    private void Summary(SummaryExpectation e)
    {
        foreach (string device in parties(e.Of))
        {
            SenderKeyDeviceState s = world.Device(device).State;
            string groups = string.Join("; ", s.Groups.Values.Select(v => string.Create(
                CultureInfo.InvariantCulture,
                $"{v.Group} v{v.Version}: own key {v.Own.KeyId} #{v.Own.Counter}, {v.Members.Count} member devices, keys of {string.Join(", ", v.Records.Values.Select(r => $"{r.Sender} [{string.Join(" ", r.Keys.Keys)}]"))}")));
            world.Say(string.Create(CultureInfo.InvariantCulture, $"  summary {device}: {s.Sessions.Count} sessions{(groups.Length == 0 ? "" : "; " + groups)}"));
        }
    }

    private string X(string text) => bindings.Expand(text);
}
