using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Adapter;

/// <summary>The constants of the adapter protocol, version 1 (docs/ADAPTER.md).</summary>
public static class AdapterProtocol
{
    /// <summary>The protocol version this harness speaks.</summary>
    public const int Version = 1;

    /// <summary>The longest line either side may write (bytes, newline excluded): a 16 MiB request in base64, with room.</summary>
    public const int MaxLineBytes = 32 * 1024 * 1024;

    /// <summary>The environment variable that names a shim's store directory.</summary>
    public const string StoreVariable = "E2EE_SHIM_STORE";

    /// <summary>
    /// The <c>dotnet</c> program that starts a .NET shim's assembly: the one running the tests or the tool when the SDK
    /// says which (<c>DOTNET_HOST_PATH</c>), else <c>dotnet</c> on PATH.
    /// </summary>
    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>The request type named <paramref name="name"/> (docs/ADAPTER.md, the wire channel); null when none is.</summary>
    public static RequestType? RequestTypeNamed(string name) =>
        Enum.GetValues<RequestType>().Cast<RequestType?>().FirstOrDefault(t => RequestNames.Of(t!.Value) == name);
}
