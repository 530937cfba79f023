using System.Globalization;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Server;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Execution;
using E2eeConformance.Scenarios.Running.Relayed;

namespace E2eeConformance.Scenarios.Running.RoomKeys;

/// <summary>
/// The expectations of a room-key run: the shared ones (<see cref="RelayChecks"/>), and adversary_decrypts /
/// adversary_cannot_decrypt, state (groups, group_members as the server lists the room — a device of seed 002 keeps no
/// member list, RK-20 — and room_key_generation), summary and event, with the meaning they have in every family.
/// </summary>
internal sealed class RoomKeyChecks(RoomKeyWorld world, Func<string, IReadOnlyList<string>> parties, RepeatBindings bindings)
{
    private readonly RelayChecks _common = new(world.Ledger, parties, bindings, world.Say, () => [.. world.Devices.Select(d => d.Name)], "server");

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
                case EventExpectation v: _common.Event(v, world.Ledger.Events, RoomKeyWorld.UserOf); break;
                default: throw new ScenarioFailure($"the expectation {e.Keyword} has no meaning in room-keys");
            }
        }
    }

    /// <summary>The end-of-run invariants.</summary>
    public void CheckEnd() => _common.CheckEnd();

    private void Adversary(AdversaryExpectation e)
    {
        string name = X(e.State);
        string message = X(e.Message);
        RoomKeyAdversary adversary = world.Adversaries.TryGetValue(name, out RoomKeyAdversary? a) ? a : throw new ScenarioFailure($"no adversary {name}");
        (bool read, string why) = world.Ledger.Messages.TryGetValue(message, out E2eeConformance.RoomKeys.Wire.RoomMessage? m)
            ? adversary.TryRead(message, m, world.Ledger.RelayedKeys) // one ciphertext for every member: the observer saw it at the server
            : (false, $"{message} never reached the server");
        if (read != e.CanDecrypt)
        {
            throw new ScenarioFailure(e.CanDecrypt
                ? $"expected the adversary {name} (a copy of {adversary.Device}) to read {message}, but it could not: {why}"
                : $"expected the adversary {name} (a copy of {adversary.Device}) not to read {message}, but it did ({why})");
        }

        world.Say($"  ok: adversary {name} {(read ? "reads" : "cannot read")} {message} ({why})");
    }

    /// <summary>The counters of one device (a user: its device).</summary>
    private void State(StateExpectation e)
    {
        RoomKeyDeviceSlot device = world.Device(parties(e.Device)[0]);
        RoomDeviceState state = device.State;
        string? group = e.Group is { } g ? X(g) : null;
        RoomView? view = group is null ? null : state.Rooms.GetValueOrDefault(group);
        if (group is not null && view is null)
        {
            throw new ScenarioFailure($"expected {device.Name} to be in group {group}, but it is not");
        }

        Count("groups", e.Groups, state.Rooms.Count);
        Count("group_members", e.GroupMembers, group is not null && world.Server.Sessions.TryGetValue(group, out RoomSession? s) ? s.Members.Count : 0);
        if (e.RoomKeyGeneration is { } generation && view!.Newest != generation)
        {
            throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected {device.Name}'s newest room key in {group} to be generation {generation}, but it is {view.Newest}"));
        }

        world.Say($"  ok: state of {device.Name}");

        void Count(string what, CountRange? range, int actual)
        {
            if (range is { } r && !r.Contains(actual))
            {
                throw new ScenarioFailure(string.Create(CultureInfo.InvariantCulture, $"expected {device.Name} to have {r} {what}, but it has {actual}"));
            }
        }
    }

    private void Summary(SummaryExpectation e)
    {
        foreach (string device in parties(e.Of))
        {
            RoomDeviceState s = world.Device(device).State;
            string rooms = string.Join("; ", s.Rooms.Values.Select(v => string.Create(
                CultureInfo.InvariantCulture,
                $"{v.Room}: {(v.E2eeOn ? "end-to-end encrypted" : "in the clear")}, room keys [{string.Join(" ", v.Keys.Keys)}], {v.Held.Count} held")));
            world.Say($"  summary {device}: {(rooms.Length == 0 ? "in no room" : rooms)}");
        }
    }

    private string X(string text) => bindings.Expand(text);
}
