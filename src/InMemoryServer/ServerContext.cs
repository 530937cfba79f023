using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Identifiers;
using static E2eeConformance.InMemoryServer.RefusalException;

namespace E2eeConformance.InMemoryServer;

/// <summary>
/// What every part of one <see cref="E2eeServer"/> shares: its settings, its clock and its identifier source. Owns the
/// rules for identifiers: drawing server-assigned ones (users, devices, groups, tokens, ProtoMsg ids) and checking the
/// ones a client chooses. Holds no protocol state; used only under the server's lock.
/// </summary>
internal sealed class ServerContext(E2eeServerOptions options, TimeProvider time, IServerIdSource ids)
{
    /// <summary>The undo record of the request being served, and the fault-injection seam (issue 12 §2).</summary>
    public RequestJournal Journal { get; } = new();

    /// <summary>The server's settings (a validated copy, never changed).</summary>
    public E2eeServerOptions Options { get; } = options;

    /// <summary>The server domain of every address it issues.</summary>
    public string Domain => Options.Domain;

    /// <summary>The address server-originated messages (SupplyOpksMsg) come from: the domain alone.</summary>
    public E2eeAddress ServerAddress => new() { Domain = Options.Domain };

    /// <summary>The server time in Unix milliseconds (ProtoMsg timestamps, registration times, heartbeats).</summary>
    public long NowMs() => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Draws identifiers until <paramref name="isFree"/> accepts one (a source may repeat itself).</summary>
    public string DrawUnique(ServerIdKind kind, Func<string, bool> isFree)
    {
        const int maxDraws = 1000;
        for (int i = 0; i < maxDraws; i++)
        {
            string id = ids.Next(kind);
            if (id.Length > 0 && isFree(id))
            {
                return id;
            }
        }

        throw new InvalidOperationException($"the id source gave no unused {kind} in {maxDraws} draws");
    }

    /// <summary>A client-chosen identifier or name: not empty (unless allowed), not too long, no control characters.</summary>
    public void RequireIdentifier(string value, string field, bool allowEmpty)
    {
        if (value.Length == 0 && !allowEmpty)
        {
            throw BadRequest($"{field} is empty");
        }

        if (value.Length > Options.MaxIdentifierLength)
        {
            throw BadRequest($"{field} is longer than {Options.MaxIdentifierLength} characters");
        }

        if (value.Any(char.IsControl))
        {
            throw BadRequest($"{field} contains control characters");
        }
    }
}
