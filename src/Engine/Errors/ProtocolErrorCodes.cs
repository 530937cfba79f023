using System.Collections.Frozen;

namespace E2eeConformance.Engine.Errors;

/// <summary>Stable string names of <see cref="ProtocolErrorCode"/> (snake case, e.g. <c>bad_tag</c>).</summary>
public static class ProtocolErrorCodes
{
    private static readonly FrozenDictionary<ProtocolErrorCode, string> Names =
        Enum.GetValues<ProtocolErrorCode>().ToFrozenDictionary(c => c, ToSnakeCase);

    private static readonly FrozenDictionary<string, ProtocolErrorCode> ByName =
        Names.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    /// <summary>The stable name, e.g. <c>ProtocolErrorCode.BadTag</c> → <c>bad_tag</c>.</summary>
    public static string Name(this ProtocolErrorCode code) =>
        Names.TryGetValue(code, out string? name) ? name : $"unknown_{(int)code}";

    /// <summary>
    /// Reads a stable name back (<c>bad_tag</c> → <see cref="ProtocolErrorCode.BadTag"/>); false for an unknown name.
    /// </summary>
    public static bool TryParse(string name, out ProtocolErrorCode code) => ByName.TryGetValue(name, out code);

    private static string ToSnakeCase(ProtocolErrorCode code)
    {
        string s = code.ToString();
        var sb = new System.Text.StringBuilder(s.Length + 8);
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsUpper(s[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(s[i]));
        }

        return sb.ToString();
    }
}
