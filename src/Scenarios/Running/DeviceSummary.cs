using System.Globalization;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Scenarios.Running;

/// <summary>The counters of a device's stored state that scenarios check (<c>expect: state</c>) and summaries print.</summary>
internal sealed record DeviceSummary(int Sessions, int Peers, int SkippedKeys, int OneTimePreKeys, uint SignedPreKeyId, int Groups, int Waiting)
{
    public static DeviceSummary Of(DeviceState state)
    {
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
    public static int? GroupMembers(DeviceState state, Engine.Wire.E2eeAddress group) =>
        state.Groups.TryGetValue(Engine.Groups.GroupMember.AddressKey(group), out DeviceGroup? g) && g.IsMember && g.Keys is { } keys ? keys.Current.Members.Count() : null;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"sessions={Sessions} peers={Peers} skipped_keys={SkippedKeys} one_time_pre_keys={OneTimePreKeys} signed_pre_key_id={SignedPreKeyId} groups={Groups} waiting_texts={Waiting}");
}
