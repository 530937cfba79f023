using E2eeConformance.InMemoryServer.Delivery;
using E2eeConformance.InMemoryServer.Identifiers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace E2eeConformance.InMemoryServer.Hosting;

/// <summary>Registers the in-memory E2EE server with Microsoft.Extensions.DependencyInjection / Hosting.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="E2eeServer"/> as a singleton, its options, and a hosted service that logs start, stop and
    /// periodic <see cref="ServerStats"/>. Dependencies already registered are used: <see cref="TimeProvider"/>
    /// (else <see cref="TimeProvider.System"/>), <see cref="IServerIdSource"/> (else random ids from the system CSPRNG,
    /// so credential tokens are unguessable), <see cref="IDeliveryPolicy"/> (else <see cref="ImmediateInOrderDelivery"/>
    /// to the registered <see cref="IDeliverySink"/>, if any), and the host's logging (else no log: this library
    /// references only the abstractions, so it does not register a logging implementation itself).
    /// </summary>
    public static IServiceCollection AddE2eeInMemoryServer(this IServiceCollection services, Action<E2eeServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<E2eeServerOptions> options = services.AddOptions<E2eeServerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IServerIdSource>(_ => new RandomServerIdSource(SystemRandomSource.Instance));
        services.TryAddSingleton<IDeliveryPolicy>(sp => new ImmediateInOrderDelivery(sp.GetService<IDeliverySink>()));
        services.TryAddSingleton(sp => new E2eeServer(
            sp.GetRequiredService<IOptions<E2eeServerOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IServerIdSource>(),
            sp.GetRequiredService<IDeliveryPolicy>(),
            sp.GetService<ILogger<E2eeServer>>()));
        services.AddHostedService<E2eeServerHostedService>();
        return services;
    }
}
