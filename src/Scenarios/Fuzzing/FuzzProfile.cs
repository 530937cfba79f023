namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// What a fuzzer's generated scenarios are made of (issue 14 §3, docs/FUZZING.md): every profile has users, devices,
/// restarts, clock jumps and network faults; <see cref="Groups"/> adds groups and their membership, and
/// <see cref="Adversary"/> adds both and an active network adversary's replays and tampered copies.
/// </summary>
public enum FuzzProfile
{
    /// <summary>One-to-one sends between 2–4 users with 1–2 devices each, new devices, restarts, clock jumps, network faults.</summary>
    One2One,

    /// <summary>As <see cref="One2One"/>, plus groups: create, add, remove, leave, group sends.</summary>
    Groups,

    /// <summary>As <see cref="Groups"/>, plus <c>replay</c> and <c>tamper</c> of messages sent so far (their errors tolerated).</summary>
    Adversary,
}

/// <summary>The profiles' names on the command line and in scenario names.</summary>
public static class FuzzProfiles
{
    /// <summary>Every profile, in the order the soak runs them.</summary>
    public static IReadOnlyList<FuzzProfile> All { get; } = [FuzzProfile.One2One, FuzzProfile.Groups, FuzzProfile.Adversary];

    /// <summary>The profile's name: <c>one2one</c>, <c>groups</c>, <c>adversary</c>.</summary>
    public static string Name(this FuzzProfile profile) => profile switch
    {
        FuzzProfile.One2One => "one2one",
        FuzzProfile.Groups => "groups",
        FuzzProfile.Adversary => "adversary",
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unknown profile"),
    };

    /// <summary>The profile a name stands for (case-insensitive), or null.</summary>
    public static FuzzProfile? Parse(string name) =>
        All.Select(p => (FuzzProfile?)p).FirstOrDefault(p => string.Equals(p!.Value.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
