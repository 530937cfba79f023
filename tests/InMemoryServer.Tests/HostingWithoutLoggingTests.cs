using E2eeConformance.InMemoryServer.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>The library registers no logging implementation of its own (it references only the abstractions).</summary>
public class HostingWithoutLoggingTests
{
    [Test]
    public void A_service_provider_without_logging_still_resolves_the_server()
    {
        var services = new ServiceCollection();
        services.AddE2eeInMemoryServer(o => o.Domain = "bare.example");
        using ServiceProvider provider = services.BuildServiceProvider();

        E2eeServer server = provider.GetRequiredService<E2eeServer>();

        server.Domain.Should().Be("bare.example");
        services.Should().NotContain(d => d.ServiceType.Namespace == "Microsoft.Extensions.Logging" && d.ServiceType.Name == "ILoggerFactory");
    }
}
