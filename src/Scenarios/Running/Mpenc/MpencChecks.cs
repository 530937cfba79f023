using System.Globalization;
using E2eeConformance.Mpenc.Device;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Messages;
using E2eeConformance.Mpenc.Session;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Execution;
using E2eeConformance.Scenarios.Running.Relayed;

namespace E2eeConformance.Scenarios.Running.Mpenc;

/// <summary>
/// The expectations of an mpENC run: the shared ones (<see cref="RelayChecks"/>), adversary_decrypts /
/// adversary_cannot_decrypt (a state copy tries every subsession key it holds), state (groups: channels with a
/// subsession; group_members: the members of the device's current subsession), summary and event (the family's kinds:
/// unacked, member_absent, proposal_rejected, operation_failed, excluded). At the end of the run, besides the shared
/// invariants: no operation left unfinished, every member of a subsession holds the same session id and group key as
/// every other member it names, and everyone in a channel who follows its order has the same last final packet and
/// chain hash (seed 003 §3.3: members agree on the operations and their results).
/// </summary>
internal sealed class MpencChecks(MpencWorld world, Func<string, IReadOnlyList<string>> parties, RepeatBindings bindings)
{
    private readonly RelayChecks _common = new(world.Ledger, parties, bindings, world.Say, () => [.. world.Devices.Select(d => d.Name)], "channel");

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
                case EventExpectation v: _common.Event(v, world.Ledger.Events, MpencWorld.UserOf); break;
                default: throw new ScenarioFailure($"the expectation {e.Keyword} has no meaning in mpenc");
            }
        }
    }

    /// <summary>The end-of-run invariants: the shared ones, then agreement.</summary>
    public void CheckEnd()
    {
        foreach (MpencDeviceSlot device in world.Devices)
        {
            foreach (UnreadablePacket waiting in device.State.Channels.Values.SelectMany(c => c.Unreadable))
            {
                string id = E2eeConformance.Mpenc.Wire.PacketId.OfWire(waiting.Packet);
                world.Say($"  {device.Name} still holds {world.Ledger.NameById.GetValueOrDefault(id) ?? "a packet"} unread: {waiting.Detail}{(waiting.Refusal is { } code ? $" (refused as {MpencErrorCodes.Name(code)} once its timeout passes, MP-19)" : "")}");
            }
        }

        _common.CheckEnd();
        foreach (MpencDeviceSlot device in world.Devices)
        {
            foreach (ChannelSession s in device.State.Channels.Values)
            {
                if (s.Ongoing is { } op)
                {
                    throw new ScenarioFailure($"invariant: {device.Name} is still in {op.Initiator}'s {op.Kind} operation in {s.Channel.Name} after the network healed");
                }

                if (s.Current is not { } mine)
                {
                    continue;
                }

                foreach (string member in mine.Members.Where(m => m != device.User))
                {
                    Subsession? theirs = world.Has(MpencWorld.DeviceOf(member)) ? world.Device(MpencWorld.DeviceOf(member)).State.Channels.GetValueOrDefault(s.Channel.Name)?.Current : null;
                    if (theirs is null || theirs.SidHex != mine.SidHex || theirs.KeyFingerprint != mine.KeyFingerprint)
                    {
                        throw new ScenarioFailure($"invariant: {device.Name} is in subsession {mine.SidHex[..8]} of {s.Channel.Name} with {member}, but {member} is {(theirs is null ? "in none" : "in " + theirs.SidHex[..8])}");
                    }
                }
            }
        }

        foreach (IGrouping<string, (string Device, ChannelSession Session)> channel in world.Devices
            .SelectMany(d => d.State.Channels.Values.Where(c => c.Channel.Inside && c.KnowsOrder).Select(c => (d.Name, c)))
            .GroupBy(p => p.Item2.Channel.Name, StringComparer.Ordinal))
        {
            (string first, ChannelSession reference) = channel.First();
            foreach ((string device, ChannelSession s) in channel.Where(p => p.Session.LastFinal != reference.LastFinal || !p.Session.ChainHash.AsSpan().SequenceEqual(reference.ChainHash)))
            {
                throw new ScenarioFailure($"invariant: {device} and {first} are in {channel.Key} with different histories of operations (chain {Convert.ToHexStringLower(s.ChainHash)[..8]} against {Convert.ToHexStringLower(reference.ChainHash)[..8]})");
            }
        }

        world.Say("  ok: no operation left unfinished; every member of a subsession holds the same session id and group key; everyone in a channel has the same history of operations");
    }

    private void Adversary(AdversaryExpectation e)
    {
        string name = X(e.State);
        string message = X(e.Message);
        (string device, MpencDeviceState state) = world.Adversaries.TryGetValue(name, out var a) ? a : throw new ScenarioFailure($"no adversary {name}");
        (bool read, string why) = world.Ledger.Packets.TryGetValue(message, out var packet) ? TryRead(state, packet.Tlv) : (false, $"{message} never reached the channel");
        if (read != e.CanDecrypt)
        {
            throw new ScenarioFailure(e.CanDecrypt
                ? $"expected the adversary {name} (a copy of {device}) to read {message}, but it could not: {why}"
                : $"expected the adversary {name} (a copy of {device}) not to read {message}, but it did ({why})");
        }

        world.Say($"  ok: adversary {name} {(read ? "reads" : "cannot read")} {message} ({why})");
    }

    /// <summary>Every subsession key the copy holds, every author key of it: the first that verifies and decrypts reads the packet.</summary>
    private static (bool Read, string Why) TryRead(MpencDeviceState state, byte[] tlv)
    {
        foreach (Subsession sub in state.Channels.Values.SelectMany(c => new[] { c.Current, c.Previous }).OfType<Subsession>())
        {
            foreach ((string author, byte[] key) in sub.AuthorKeys)
            {
                try
                {
                    _ = DataMessage.Decode(tlv, sub.SessionId, sub.GroupKey, key);
                    return (true, $"the copy holds subsession {sub.SidHex[..8]}'s group key; {author} signed it");
                }
                catch (MpencException)
                {
                    // Another subsession or author.
                }
            }
        }

        return (false, "no subsession key the copy holds reads it");
    }

    private void State(StateExpectation e)
    {
        MpencDeviceSlot device = world.Device(parties(e.Device)[0]);
        string? group = e.Group is { } g ? X(g) : null;
        Subsession? sub = group is null ? null : device.State.Channels.GetValueOrDefault(group)?.Current;
        if (group is not null && sub is null && e.GroupMembers is { } r && !r.Contains(0))
        {
            throw new ScenarioFailure($"expected {device.Name} to be in a subsession of {group}, but it is not");
        }

        Count("groups", e.Groups, device.State.Channels.Values.Count(c => c.Current is not null));
        Count("group_members", e.GroupMembers, sub?.Members.Length ?? 0);
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
            MpencDeviceState s = world.Device(device).State;
            string channels = string.Join("; ", s.Channels.Values.Select(c => string.Create(
                CultureInfo.InvariantCulture,
                $"{c.Channel.Name}: {(c.Current is { } cur ? $"subsession {cur.SidHex[..8]} of {cur.Members.Length}, {cur.Transcript.Order.Count} messages" : "no subsession")}, {c.Deferred.Count} deferred, chain {Convert.ToHexStringLower(c.ChainHash)[..8]}")));
            world.Say($"  summary {device}: {(channels.Length == 0 ? "in no channel" : channels)}");
        }
    }

    private string X(string text) => bindings.Expand(text);
}
