using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using Microsoft.Extensions.Logging;

namespace E2eeConformance.InMemoryServer;

/// <summary>The server's log messages (compile-time generated; no formatting cost when the level is off).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{RequestType} from {Caller}: {CodeNumber} {Code} {Reason}")]
    public static partial void RequestServed(ILogger logger, RequestType requestType, string caller, int codeNumber, ResponseCode code, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "delivery of {ProtoMsgId} to {Device} failed; the message stays stored")]
    public static partial void DeliveryFailed(ILogger logger, string device, string protoMsgId, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{RequestType} failed inside the server; answered 500")]
    public static partial void InternalError(ILogger logger, RequestType requestType, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "{RequestType} failed and reverting its changes failed too; the server's state may be inconsistent")]
    public static partial void RollBackFailed(ILogger logger, RequestType requestType, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "E2EE in-memory server started for domain {Domain}")]
    public static partial void Started(ILogger logger, string domain);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "E2EE in-memory server stopped: {Stats}")]
    public static partial void Stopped(ILogger logger, ServerStats stats);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "E2EE in-memory server: {Stats}")]
    public static partial void StatsReport(ILogger logger, ServerStats stats);
}
