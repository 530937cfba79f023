using System.Collections.Immutable;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Groups;

/// <summary>
/// A device's keys for one group: the current group session and the sessions a membership change replaced, each kept
/// for <see cref="ProtocolLimits.RetiredGroupSessionGrace"/> (at most <see cref="ProtocolLimits.MaxRetiredGroupSessions"/>)
/// so messages already in flight still decrypt; after that their chains are dropped (seed 000 §Remove members: "all
/// outbound and inbound group sessions will be renewed"). Only the current session sends.
/// </summary>
public sealed record GroupState(GroupSession Current, ImmutableList<RetiredGroupSession> Retired)
{
    /// <summary>The keys of a group that has only <paramref name="session"/> (nothing retired yet).</summary>
    public static GroupState Of(GroupSession session) => new(session, []);

    /// <summary>
    /// Keeps <paramref name="older"/> as a retired session (a seed that arrived after the one that replaced it): its
    /// messages in flight stay readable for the grace; the current session stays.
    /// </summary>
    public GroupState WithRetired(GroupSession older, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(older);
        ImmutableList<RetiredGroupSession> retired = Retired.RemoveAll(r => r.Session.SessionId == older.SessionId).Add(new RetiredGroupSession(older, nowMs));
        if (retired.Count > ProtocolLimits.MaxRetiredGroupSessions)
        {
            retired = retired.RemoveRange(0, retired.Count - ProtocolLimits.MaxRetiredGroupSessions);
        }

        return new GroupState(Current, retired).Prune(nowMs);
    }

    /// <summary>
    /// Switches to a new session (new seed), retiring the current one with every chain it had — a removed member's too.
    /// Decision (issue 11, "removed member's message in flight"): a message a member wrote before its removal and that
    /// is still in flight is read during the grace, as everyone else's. The server is the cut-off: it refuses a group
    /// message from a user who is no longer a member (seed 000 §Send group message; FORBIDDEN), so every message it
    /// delivers on a removed member's chain was accepted while the sender was a member. The cost, documented in
    /// docs/CONVERGENCE.md: a malicious server colluding with the removed device can still inject into the retired
    /// session until <see cref="ProtocolLimits.RetiredGroupSessionGrace"/> ends; it can never write into the new session.
    /// </summary>
    public GroupState Replace(GroupSession next, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(next);
        ImmutableList<RetiredGroupSession> retired = Retired.Add(new RetiredGroupSession(Current, nowMs));
        if (retired.Count > ProtocolLimits.MaxRetiredGroupSessions)
        {
            retired = retired.RemoveRange(0, retired.Count - ProtocolLimits.MaxRetiredGroupSessions);
        }

        return new GroupState(next, retired).Prune(nowMs);
    }

    /// <summary>
    /// Decrypts a message of the current session or of a retired one still within its grace (checked against
    /// <paramref name="nowMs"/>); any other session id is <c>unknown_group_session</c>. <paramref name="deviations"/>: see
    /// <see cref="GroupSession.Decrypt"/>.
    /// </summary>
    public (GroupState State, GroupMember Sender, byte[] Text) Decrypt(Wire.E2eeMsg message, long nowMs, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        ArgumentNullException.ThrowIfNull(message);
        GroupState state = Prune(nowMs);
        if (message.SessionId == state.Current.SessionId)
        {
            (GroupSession next, GroupMember sender, byte[] text) = state.Current.Decrypt(message, deviations);
            return (state with { Current = next }, sender, text);
        }

        int i = state.Retired.FindIndex(r => r.Session.SessionId == message.SessionId);
        if (i < 0)
        {
            throw new ProtocolException(ProtocolErrorCode.UnknownGroupSession, $"group session {message.SessionId} is neither current ({state.Current.SessionId}) nor retired within its grace");
        }

        (GroupSession retiredNext, GroupMember from, byte[] plaintext) = state.Retired[i].Session.Decrypt(message, deviations);
        return (state with { Retired = state.Retired.SetItem(i, state.Retired[i] with { Session = retiredNext }) }, from, plaintext);
    }

    /// <summary>Drops retired sessions and retired chains whose grace has passed.</summary>
    public GroupState Prune(long nowMs)
    {
        long cutoff = nowMs - (long)ProtocolLimits.RetiredGroupSessionGrace.TotalMilliseconds;
        bool staleSessions = Retired.Any(r => r.RetiredAtMs < cutoff);
        bool staleChains = Current.Receivers.Values.Any(r => r.Retired.Any(x => x.RetiredAtMs < cutoff));
        if (!staleSessions && !staleChains)
        {
            return this;
        }

        GroupSession current = staleChains
            ? Current with { Receivers = Current.Receivers.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.Prune(nowMs), StringComparer.Ordinal) }
            : Current;
        return new GroupState(current, staleSessions ? Retired.RemoveAll(r => r.RetiredAtMs < cutoff) : Retired);
    }

    /// <inheritdoc/>
    public override string ToString() => $"GroupState({Current}, {Retired.Count} retired)";
}
