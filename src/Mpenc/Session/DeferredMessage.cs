using System.Collections.Immutable;

namespace E2eeConformance.Mpenc.Session;

/// <summary>A verified, decrypted message that waits for parents this member has not accepted yet (seed 003 §3.4 "defer processing"), with when it arrived.</summary>
public sealed record DeferredMessage(string Id, string SidHex, string Author, ImmutableArray<string> Parents, string Body, long ArrivedAtMs);
