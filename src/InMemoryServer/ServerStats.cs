namespace E2eeConformance.InMemoryServer;

/// <summary>Counters of the in-memory server, for logs and tests. Not part of the stored state.</summary>
public sealed record ServerStats(
    int Users,
    int Devices,
    int Groups,
    int PendingProtoMsgs,
    long RequestsServed,
    long RequestsRefused,
    long ProtoMsgsStored,
    long ProtoMsgsConsumed);
