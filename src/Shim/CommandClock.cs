namespace E2eeConformance.Shim;

/// <summary>The harness's virtual clock: the <c>time_ms</c> of the command being run (docs/ADAPTER.md).</summary>
internal sealed class CommandClock : TimeProvider
{
    public long NowMs { get; set; }

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(NowMs);
}
