namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// The GREET_TYPE values of greeting packets (seed 003 §5.2.3 defers them to the source; our numbering, MP-16): an
/// operation's initial packet per kind (low nibble 1: it starts an operation and names the previous final packet), and
/// the continuing stages — an upflow, the first downflow (the lists and the sender's session signature) and a
/// confirmation (a session signature alone).
/// </summary>
public static class GreetKind
{
    /// <summary>The initial upflow of an initial agreement.</summary>
    public const ushort StartUpflow = 0x0011;

    /// <summary>The initial upflow of an inclusion.</summary>
    public const ushort IncludeUpflow = 0x0021;

    /// <summary>The initial downflow of an exclusion (a one-packet start: initial and first downflow at once).</summary>
    public const ushort ExcludeDownflow = 0x0031;

    /// <summary>The initial downflow of a key refresh.</summary>
    public const ushort RefreshDownflow = 0x0041;

    /// <summary>An upflow on to the next participant.</summary>
    public const ushort Upflow = 0x0002;

    /// <summary>The first downflow: the last collector's lists and session signature.</summary>
    public const ushort Downflow = 0x0003;

    /// <summary>A confirmation: a participant's session signature.</summary>
    public const ushort Confirm = 0x0004;

    /// <summary>An abort of the ongoing operation (its initial packet named in PREV_PF) by its initiator or a participant that cannot go on: it fails for everyone at the same place (MP-16).</summary>
    public const ushort Abort = 0x0005;

    /// <summary>Whether a packet of this type starts an operation.</summary>
    public static bool IsInitial(ushort type) => type is StartUpflow or IncludeUpflow or ExcludeDownflow or RefreshDownflow;

    /// <summary>Whether a packet of this type carries a session signature (a downflow or confirmation).</summary>
    public static bool Acknowledges(ushort type) => type is ExcludeDownflow or RefreshDownflow or Downflow or Confirm;

    /// <summary>The operation an initial packet starts.</summary>
    public static OperationKind KindOf(ushort type) => type switch
    {
        StartUpflow => OperationKind.Start,
        IncludeUpflow => OperationKind.Include,
        ExcludeDownflow => OperationKind.Exclude,
        _ => OperationKind.Refresh,
    };

    /// <summary>The initial packet's type of an operation.</summary>
    public static ushort InitialOf(OperationKind kind) => kind switch
    {
        OperationKind.Start => StartUpflow,
        OperationKind.Include => IncludeUpflow,
        OperationKind.Exclude => ExcludeDownflow,
        _ => RefreshDownflow,
    };
}
