using System.Text;

namespace E2eeConformance.SenderKeys.Errors;

/// <summary>The stable names of <see cref="SenderKeyErrorCode"/>: <c>BadTag</c> → <c>bad_tag</c>.</summary>
public static class SenderKeyErrorCodes
{
    /// <summary>The snake_case name of <paramref name="code"/>.</summary>
    public static string Name(SenderKeyErrorCode code)
    {
        string name = code.ToString();
        var s = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                s.Append('_');
            }

            s.Append(char.ToLowerInvariant(name[i]));
        }

        return s.ToString();
    }
}
