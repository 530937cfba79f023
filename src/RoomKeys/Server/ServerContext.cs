using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.RoomKeys.Server;

/// <summary>One request's handling at the server: who sent it, when, the public keys it hands out, and the notifications it collects.</summary>
internal sealed record ServerContext(string From, long NowMs, List<ServerNotification> Output, Func<string, RsaPublicKeyMsg> KeyOf)
{
    /// <summary>A notification to <paramref name="to"/>, stamped with the server time.</summary>
    public void Send(string to, Action<ServerNotification> fill)
    {
        var n = new ServerNotification { To = to, ServerTimeMs = NowMs };
        fill(n);
        Output.Add(n);
    }
}
