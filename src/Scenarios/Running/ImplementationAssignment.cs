namespace E2eeConformance.Scenarios.Running;

/// <summary>
/// Which implementation each device of a run is (issue 13 §2, like the MLS interop runner's pairings): the users of a
/// scenario, in the order the scenario declares them, alternate between <see cref="First"/> (the 1st, 3rd, … user) and
/// <see cref="Second"/> (the 2nd, 4th, …); every device of a user is the user's implementation. Null stands for the
/// engine in process. One implementation for every device is the assignment with both the same.
/// </summary>
/// <param name="First">The implementation of the 1st, 3rd, … user.</param>
/// <param name="Second">The implementation of the 2nd, 4th, … user.</param>
public sealed record ImplementationAssignment(DeviceImplementation? First, DeviceImplementation? Second)
{
    /// <summary>Every device the engine in process.</summary>
    public static ImplementationAssignment Engine { get; } = new(null, null);

    /// <summary>Every device <paramref name="implementation"/> (null: the engine in process).</summary>
    public static ImplementationAssignment Every(DeviceImplementation? implementation) => new(implementation, implementation);

    /// <summary>Whether every device is the engine in process.</summary>
    public bool IsEngineOnly => First is null && Second is null;

    /// <summary>Whether the two halves are different implementations.</summary>
    public bool IsPairing => NameOf(First) != NameOf(Second);

    /// <summary>
    /// How results name it: empty for the engine alone (so engine results read as before), the implementation's name for
    /// one implementation, <c>first+second</c> for a pairing.
    /// </summary>
    public string Label => IsEngineOnly ? "" : IsPairing ? $"{NameOf(First)}+{NameOf(Second)}" : NameOf(First);

    /// <summary>The implementations it involves (each once, the engine in process as null).</summary>
    public IEnumerable<DeviceImplementation?> Involved => IsPairing ? [First, Second] : [First];

    /// <summary>The implementation of the user at <paramref name="userIndex"/> (0-based, in declaration order).</summary>
    public DeviceImplementation? ForUser(int userIndex) => userIndex % 2 == 0 ? First : Second;

    /// <summary>The same pairing the other way round (the second half's users first).</summary>
    public ImplementationAssignment Reversed() => new(Second, First);

    /// <summary>The name of an implementation, <see cref="DeviceImplementation.EngineName"/> for null.</summary>
    public static string NameOf(DeviceImplementation? implementation) => implementation?.Name ?? DeviceImplementation.EngineName;
}
