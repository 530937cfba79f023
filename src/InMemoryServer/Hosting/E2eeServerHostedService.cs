using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace E2eeConformance.InMemoryServer.Hosting;

/// <summary>
/// Runs the in-memory server inside a host: builds it at start, logs start and stop, and logs its
/// <see cref="ServerStats"/> every <see cref="E2eeServerOptions.StatsInterval"/> on the injected clock.
/// </summary>
public sealed class E2eeServerHostedService(
    E2eeServer server,
    IOptions<E2eeServerOptions> options,
    TimeProvider time,
    ILogger<E2eeServerHostedService> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        ServerLog.Started(logger, server.Domain);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        ServerLog.Stopped(logger, server.Stats());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan interval = options.Value.StatsInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                ServerLog.StatsReport(logger, server.Stats());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }
}
