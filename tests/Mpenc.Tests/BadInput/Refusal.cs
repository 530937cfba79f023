using System.Collections.Concurrent;
using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Gka;

namespace E2eeConformance.Mpenc.Tests.BadInput;

/// <summary>
/// What a call refused with: the code of the <see cref="MpencException"/> it threw (whose message must lead with the
/// code's stable name), or null when it returned. Any other exception is not caught, so it fails the property that
/// made the input (with CsCheck's seed to replay it).
/// </summary>
internal static class Refusal
{
    public static MpencErrorCode? Of(Action act)
    {
        try
        {
            act();
            return null;
        }
        catch (MpencException e)
        {
            string name = MpencErrorCodes.Name(e.Code);
            if (!e.Message.StartsWith(name + ": ", StringComparison.Ordinal))
            {
                throw new AssertionException($"an MpencException's message leads with its stable name {name}: {e.Message}");
            }

            return e.Code;
        }
    }

    /// <summary>The stable names of <paramref name="codes"/>, sorted.</summary>
    public static string[] Names(params MpencErrorCode[] codes) => [.. codes.Select(MpencErrorCodes.Name).Order(StringComparer.Ordinal)];
}

/// <summary>The outcomes seen across a property's samples, by stable name ("accepted" for none); thread-safe, as CsCheck samples on several threads.</summary>
internal sealed class CodeTally
{
    public const string Accepted = "accepted";

    private readonly ConcurrentDictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>Counts <paramref name="code"/> and returns it.</summary>
    public MpencErrorCode? Add(MpencErrorCode? code)
    {
        _seen.AddOrUpdate(code is { } c ? MpencErrorCodes.Name(c) : Accepted, 1, (_, n) => n + 1);
        return code;
    }

    /// <summary>The refusals seen (no "accepted"), sorted.</summary>
    public string[] Refusals => [.. _seen.Keys.Where(k => k != Accepted).Order(StringComparer.Ordinal)];

    public override string ToString() => string.Join(", ", _seen.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} ×{p.Value}"));
}

/// <summary>
/// Everything observable about a member, as one string: two snapshots are equal exactly when a refused call left the
/// member as it was (the public properties, and the secrets the tests can see: contributions, secret, ephemeral key).
/// </summary>
internal static class Snapshot
{
    public static string Of(CliquesMember m) => string.Join(
        " | ",
        m.Self,
        string.Join(",", m.Members),
        Hex(m.IntermediateKeys),
        $"ready={m.IsReady}",
        $"including={m.IsIncluding}",
        $"contributions={m.Contributions.Count}:{Hex(m.Contributions)}",
        Hex(m.Secret),
        m.IsReady ? Convert.ToHexString(m.GroupKey()) : "no group key");

    public static string Of(AskeMember m) => string.Join(
        " | ",
        m.Self,
        string.Join(",", m.Members),
        Hex(m.Nonces),
        Hex(m.EphemeralKeys),
        "verified=" + string.Join(",", m.Verified.Order(StringComparer.Ordinal)),
        "past=" + string.Join(",", m.PastSessions.Order(StringComparer.Ordinal)),
        Hex(m.SessionId),
        $"complete={m.IsComplete}",
        Hex(m.EphemeralSigningKey));

    private static string Hex(IEnumerable<byte[]> values) => string.Join(",", values.Select(Convert.ToHexString));

    private static string Hex(byte[]? value) => value is null ? "null" : Convert.ToHexString(value);
}
