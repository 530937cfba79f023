using E2eeConformance.Engine.Client;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// <c>identity_matches</c> / <c>identity_differs</c> (<see cref="IdentityExpectation"/>): which identity key each
/// one-to-one session of one party with another holds for the peer, compared with the peer device's real one — what
/// the users would learn by comparing safety numbers (<see cref="IdentityFingerprint"/>). The associated data of a
/// session is IK_A ‖ IK_B (seed 000 §Session; REFERENCE-BEHAVIOUR §18): the half that is not the holder's own key is
/// the key it believes its peer has.
/// </summary>
internal sealed class IdentityCheck(RunContext run)
{
    /// <summary>How many characters of a session id a failure shows.</summary>
    private const int SessionIdShown = 8;

    /// <summary>Checks the expectation; a failure names the safety numbers each side would compare.</summary>
    public void Check(IdentityExpectation e)
    {
        List<string> seen = [];
        List<string> differing = [];
        List<(SimDevice Device, byte[] RealKey)> peers = [.. run.Roster.DevicesOf(run.Expand(e.Of)).Select(run.Roster.Device).Select(d => (d, StateOf(d).Account.Identity.Asym.PublicKey))];
        foreach (string byName in run.Roster.DevicesOf(run.Expand(e.By)))
        {
            SimDevice by = run.Roster.Device(byName);
            DeviceState holder = StateOf(by);
            byte[] own = holder.Account.Identity.Asym.PublicKey;
            foreach ((SimDevice of, byte[] real) in peers)
            {
                foreach (Engine.Sessions.OneToOneSession session in holder.PeerOf(run.Driver.AddressOf(of)).Sessions)
                {
                    byte[] believed = PeerHalf(session.Info.AssociatedData, own);
                    seen.Add($"{by.Name}→{of.Name}");
                    if (!believed.AsSpan().SequenceEqual(real))
                    {
                        differing.Add($"{by.Name}'s session {session.Info.SessionId[..Math.Min(SessionIdShown, session.Info.SessionId.Length)]}… with {of.Name} holds another identity key (safety number {by.Name} sees: {IdentityFingerprint.Of(own, believed)}; {of.Name} sees: {IdentityFingerprint.Of(real, own)})");
                    }
                }
            }
        }

        string pairs = string.Join(", ", seen.Distinct());
        if (seen.Count == 0)
        {
            throw new ScenarioFailure($"expected {e.By} to hold a session with {e.Of} to compare identities, but it holds none");
        }

        if (e.Matches && differing.Count > 0)
        {
            throw new ScenarioFailure($"expected the identity keys of {pairs} to be the real ones, but " + string.Join("; ", differing));
        }

        if (!e.Matches && differing.Count == 0)
        {
            throw new ScenarioFailure($"expected an identity key of {pairs} to differ from the real one, but every session holds the real key (the safety numbers match)");
        }

        run.Say(e.Matches
            ? $"  ok: {pairs}: the sessions hold the real identity keys (the safety numbers match)"
            : $"  ok: {pairs}: a session holds another identity key (the safety numbers differ)");
    }

    private DeviceState StateOf(SimDevice device) => DeviceStateCodec.Decode(run.Driver.Snapshot(device));

    /// <summary>The half of IK_A ‖ IK_B that is not <paramref name="own"/>: the key the holder believes its peer has.</summary>
    private static byte[] PeerHalf(byte[] associatedData, byte[] own)
    {
        int half = associatedData.Length / 2;
        byte[] first = associatedData[..half];
        byte[] second = associatedData[half..];
        return first.AsSpan().SequenceEqual(own) ? second : first;
    }
}
