using System.Globalization;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// The counters of a device's stored state that scenarios check (<c>expect: state</c>) and summaries print, and that a
/// shim reports in its <c>summary</c> (docs/ADAPTER.md).
/// </summary>
public sealed record DeviceSummary(int Sessions, int Peers, int SkippedKeys, int OneTimePreKeys, uint SignedPreKeyId, int Groups, int Waiting)
{
    /// <summary>The counters of <paramref name="state"/>.</summary>
    public static DeviceSummary Of(DeviceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        int sessions = state.Peers.Values.Sum(p => p.Sessions.Count);
        int skipped = state.Peers.Values.SelectMany(p => p.Sessions).OfType<EstablishedSession>().Sum(s => s.Ratchet.SkippedKeys.Count)
            + state.Groups.Values.Where(g => g.Keys is not null && g.IsMember).Sum(g => g.Keys!.Current.Receivers.Values.Sum(r => r.Current.SkippedKeys.Count));
        int waiting = state.Peers.Values.Sum(p => p.Waiting.Count);
        return new DeviceSummary(
            sessions,
            state.Peers.Count,
            skipped,
            state.Account.UnusedOneTimePreKeyCount,
            state.Account.CurrentSignedPreKey.Id,
            state.Groups.Values.Count(g => g.Keys is not null && g.IsMember),
            waiting);
    }

    /// <summary>Member devices (itself included) of a group this device holds keys for; null when it holds none.</summary>
    public static int? GroupMembers(DeviceState state, Wire.E2eeAddress group)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Groups.TryGetValue(E2eeConformance.Engine.Groups.GroupMember.AddressKey(group), out DeviceGroup? g) && g.IsMember && g.Keys is { } keys ? keys.Current.Members.Count() : null;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"sessions={Sessions} peers={Peers} skipped_keys={SkippedKeys} one_time_pre_keys={OneTimePreKeys} signed_pre_key_id={SignedPreKeyId} groups={Groups} waiting_texts={Waiting}");
}
