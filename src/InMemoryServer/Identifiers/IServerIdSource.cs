namespace E2eeConformance.InMemoryServer.Identifiers;

/// <summary>
/// Where the server takes every identifier and credential token it issues (seed 000 §Plugins, common handler:
/// <c>gen_uuid</c>). Injected so a run is a function of its inputs (STYLE #15). The server draws only after a request
/// has passed validation, so a refused request never advances the source. Duplicates are tolerated: the server draws
/// again until the identifier is unused.
/// </summary>
public interface IServerIdSource
{
    string Next(ServerIdKind kind);
}
