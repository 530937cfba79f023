namespace E2eeConformance.Mpenc.Messages;

/// <summary>
/// The content of a greeting packet (seed 003 §5.2.3): the operation and stage (<see cref="GreetType"/>), its
/// originator and, for an upflow, its recipient; the members; the intermediate keys, nonces and ephemeral public keys
/// collected so far ([a]); for the first packet of an operation without upflow the previous final packet's id, its
/// chain hash and the latest data messages seen ([b]); and in a downflow the author's session signature ([c]).
/// </summary>
public sealed record Greeting(
    ushort GreetType,
    string Source,
    string? Dest,
    IReadOnlyList<string> Members,
    IReadOnlyList<byte[]> IntermediateKeys,
    IReadOnlyList<byte[]> Nonces,
    IReadOnlyList<byte[]> EphemeralKeys,
    byte[]? PrevPf,
    byte[]? ChainHash,
    IReadOnlyList<byte[]> LatestPm,
    byte[]? SessionSignature);
