namespace E2eeConformance.InMemoryServer.Identifiers;

/// <summary>
/// Readable, deterministic identifiers: <c>user-1</c>, <c>device-1</c>, <c>group-1</c>, <c>msg-1</c>, <c>token-1</c>, …
/// one counter per kind. For tests and transcripts; its tokens are guessable, so not for anything exposed.
/// </summary>
public sealed class SequentialServerIdSource : IServerIdSource
{
    private readonly long[] _counters = new long[Enum.GetValues<ServerIdKind>().Length];
    private readonly Lock _gate = new();

    public string Next(ServerIdKind kind)
    {
        long n;
        lock (_gate)
        {
            n = ++_counters[(int)kind];
        }

        string prefix = kind switch
        {
            ServerIdKind.UserId => "user",
            ServerIdKind.DeviceId => "device",
            ServerIdKind.GroupId => "group",
            ServerIdKind.ProtoMsgId => "msg",
            ServerIdKind.CredentialToken => "token",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown id kind"),
        };
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}-{n}");
    }
}
