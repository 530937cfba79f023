using System.Buffers.Binary;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Security.Cryptography;

namespace E2eeConformance.Cli;

/// <summary>What <c>--seed</c> said: a number, or <c>random</c> (one seed drawn for the whole run).</summary>
internal sealed record SeedChoice(ulong? Value, bool Random)
{
    public const string RandomWord = "random";

    /// <summary>The option's parser: a decimal ulong (or 0x… hex), or "random".</summary>
    public static SeedChoice? Parse(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (TryParse(text, out SeedChoice? choice))
        {
            return choice;
        }

        result.AddError($"--seed expects a number from 0 to {ulong.MaxValue.ToString(CultureInfo.InvariantCulture)} or '{RandomWord}', found '{text}'");
        return null;
    }

    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SeedChoice? choice)
    {
        ArgumentNullException.ThrowIfNull(text);
        choice = null;
        if (string.Equals(text, RandomWord, StringComparison.OrdinalIgnoreCase))
        {
            choice = new SeedChoice(null, Random: true);
            return true;
        }

        bool parsed = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (parsed)
        {
            choice = new SeedChoice(value, Random: false);
        }

        return parsed;
    }

    /// <summary>The seed to run with: the number, a fresh one from <see cref="RandomNumberGenerator"/>, or null (each scenario's own).</summary>
    public ulong? Resolve() => Random ? BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(sizeof(ulong))) : Value;
}
