using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Generation;

/// <summary>
/// A seeded generator of group convergence scenarios (issue 11 §6): 3–5 users (some with two devices), a group created
/// by the first user's first device (the manager), then a random interleaving of group sends from current members'
/// devices, membership changes, new devices, restarts and network faults, as <see cref="Operations"/> allows; it ends
/// by healing the network (<c>release: all</c>, <c>run_until_quiet</c>), expecting every current member device to
/// hold the group with every member device in it (<c>state: group_members</c>), and letting every one of them write
/// once more, so that the end invariant fails unless they all hold the same session.
/// <para>
/// What is checked: the runner's invariants (nobody reads a message sent to the group before it was a member, or after
/// its removal; nothing is read twice; at the end every device the sender's device wrote to reads the message) and
/// the final <c>state: group_members</c> expectations. Deterministic: the same seed and operations give the same YAML
/// text, and the scenario's run seed is the generator seed.
/// </para>
/// <para>
/// Out of scope, by design: concurrent membership changes by several managers or devices. Only the manager's one device
/// adds and removes members (a member's <c>leave</c> asks the manager to remove it). A user's new device joins the
/// group through that user's own existing device (the engine adds it automatically), so no explicit
/// <c>add_group_device</c> by the manager is generated: it would be a second device changing membership at once.
/// A <c>leave</c> is a request the manager carries out when it reads it, while the runner counts the user out at once;
/// so a leave is followed by <c>run_until_quiet</c> (and none is drawn while a hold is active), leaving no window in
/// which the two disagree. Only devices that surely hold the keys send (the manager's, and members' devices once the
/// network ran quiet with nothing held): a device without keys refuses to send (<c>no_group_keys</c>, by design).
/// </para>
/// </summary>
public sealed class ConvergenceScenarioGenerator
{
    /// <summary>The generator's name in scenario names and replay hints.</summary>
    public const string GeneratorName = "convergence";

    /// <summary>The fewest users a scenario has (the manager included).</summary>
    public const int MinUsers = 3;

    /// <summary>The most users a scenario has.</summary>
    public const int MaxUsers = 5;

    /// <summary>The most devices a user has (registered at the start, or added by an <c>add_device</c>).</summary>
    public const int MaxDevicesPerUser = 3;

    /// <summary>The fewest operations drawn after the group's creation.</summary>
    public const int MinOperations = 8;

    /// <summary>The most operations drawn after the group's creation.</summary>
    public const int MaxOperations = 20;

    /// <summary>A generator drawing from the operation mix <paramref name="operations"/>.</summary>
    public ConvergenceScenarioGenerator(ConvergenceOperations operations = ConvergenceOperations.All)
    {
        if ((operations & ~ConvergenceOperations.All) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(operations), operations, "unknown operation flags");
        }

        Operations = operations;
    }

    /// <summary>The operation mix the steps are drawn from (sends and deliveries are always in).</summary>
    public ConvergenceOperations Operations { get; }

    /// <summary>
    /// The mix's name in scenario names: <c>sends</c>, <c>all</c>, or the flags joined by <c>-</c>
    /// (<c>membership-faults</c>).
    /// </summary>
    public static string MixName(ConvergenceOperations operations) => operations switch
    {
        ConvergenceOperations.SendsOnly => "sends",
        ConvergenceOperations.All => "all",
        _ => string.Join("-", Enum.GetValues<ConvergenceOperations>()
            .Where(f => f is not ConvergenceOperations.SendsOnly and not ConvergenceOperations.All && operations.HasFlag(f))
            .Select(f => f.ToString().ToLowerInvariant())),
    };

    /// <summary>The names of the flag operations a mix name joins with '-' (<see cref="MixName"/>).</summary>
    public static IReadOnlyList<string> FlagNames { get; } =
        [.. Enum.GetValues<ConvergenceOperations>().Where(f => f is not ConvergenceOperations.SendsOnly and not ConvergenceOperations.All).Select(f => f.ToString().ToLowerInvariant())];

    /// <summary>The mix names the soak and the CI share use, as <see cref="MixName"/> writes them.</summary>
    public static IReadOnlyList<string> MixNames { get; } =
        ["sends", "restarts", "faults", "chaos", "membership", "membership-faults", "membership-chaos", "devices", "all"];

    /// <summary>
    /// The operations a mix name stands for (<see cref="MixName"/>'s inverse; flags in any order, case-insensitive); null
    /// for a name that is not one.
    /// </summary>
    public static ConvergenceOperations? ParseMix(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string trimmed = name.Trim().ToLowerInvariant();
        switch (trimmed)
        {
            case "sends":
                return ConvergenceOperations.SendsOnly;
            case "all":
                return ConvergenceOperations.All;
            case "":
                return null;
        }

        ConvergenceOperations operations = ConvergenceOperations.SendsOnly;
        foreach (string part in trimmed.Split('-'))
        {
            int index = FlagNames.ToList().IndexOf(part);
            if (index < 0)
            {
                return null;
            }

            operations |= Enum.Parse<ConvergenceOperations>(part, ignoreCase: true);
        }

        return operations;
    }

    /// <summary>The scenario of <paramref name="seed"/>: the same seed always gives the same text and steps.</summary>
    public GeneratedScenario Generate(ulong seed)
    {
        string name = $"{GeneratorName}-{MixName(Operations)}-{seed}";
        string yaml = new ConvergenceStepWriter(seed, Operations).Write(name, seed);
        Scenario scenario = ScenarioLoader.Parse(yaml, name + ".yaml");
        return new GeneratedScenario(scenario, yaml, seed, Operations);
    }
}
