using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Delivery;
using E2eeConformance.InMemoryServer.Hosting;
using E2eeConformance.InMemoryServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>The server as a hosted service (Microsoft.Extensions.Hosting).</summary>
public class HostingTests
{
    [Test]
    public async Task A_host_with_the_server_resolves_it_serves_requests_and_logs_start_stats_and_stop()
    {
        var time = new FakeTimeProvider(TestWorld.Start);
        var sink = new RecordingSink();
        var logs = new CollectingLoggerProvider();
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IDeliverySink>(sink);
        builder.Services.AddE2eeInMemoryServer(o =>
        {
            o.Domain = "hosted.example";
            o.StatsInterval = TimeSpan.FromSeconds(10);
        });
        using IHost host = builder.Build();

        await host.StartAsync();
        E2eeServer server = host.Services.GetRequiredService<E2eeServer>();
        RegisterUserResponse response = server.RegisterUser(Requests.Register(TestAccounts.Get(CipherSuite.Ecc, "alice/phone"), "alice", "phone"));
        // The hosted service's timer may be registered after StartAsync returns: keep moving the fake clock until the
        // periodic stats line appears (no race with the service's start).
        await WaitUntil(() => logs.Messages.Any(m => m.Contains("Users = 1", StringComparison.Ordinal)), () => time.Advance(TimeSpan.FromSeconds(10)));
        await host.StopAsync();

        host.Services.GetRequiredService<E2eeServer>().Should().BeSameAs(server);
        server.Domain.Should().Be("hosted.example");
        response.Code.Should().Be(ResponseCode.Ok);
        response.Address.Domain.Should().Be("hosted.example");
        response.Auth.Should().HaveLength(43, "32 random bytes in base64url");
        ((ImmediateInOrderDelivery)server.DeliveryPolicy).Sink.Should().BeSameAs(sink);
        logs.Messages.Should().Contain(m => m.Contains("started for domain hosted.example", StringComparison.Ordinal));
        logs.Messages.Should().Contain(m => m.StartsWith("RegisterUser from (registration): 200 Ok", StringComparison.Ordinal));
        logs.Messages.Should().Contain(m => m.Contains("stopped", StringComparison.Ordinal));
    }

    private static async Task WaitUntil(Func<bool> condition, Action step)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            step();
            await Task.Delay(10);
        }

        condition().Should().BeTrue("the periodic stats log should have been written");
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Collector(this);

        public void Dispose()
        {
        }

        private sealed class Collector(CollectingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._messages)
                {
                    owner._messages.Add(formatter(state, exception));
                }
            }
        }
    }
}
