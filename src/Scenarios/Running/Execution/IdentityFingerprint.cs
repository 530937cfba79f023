using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// The safety number two users compare out of band to verify a session's identity keys: SHA-512 over the two identity
/// public keys (asym, as in a session's associated data, seed 000 §Session), smaller first, of which the first 30 bytes
/// are read as 6 groups of 5 bytes, each shown as 2 × 5 decimal digits (big-endian value mod 10^10): 60 digits in 12
/// blocks. Both sides compute the same number; a substituted key changes it. (Our own definition — seed 000 names a
/// session fingerprint but no display; it is not Signal's iterated safety number.)
/// </summary>
internal static class IdentityFingerprint
{
    private const int Groups = 6;
    private const int BytesPerGroup = 5;
    private const ulong Modulus = 10_000_000_000UL;

    /// <summary>The 60-digit safety number of two identity keys, in 12 blocks of 5 digits.</summary>
    public static string Of(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        bool ordered = first.SequenceCompareTo(second) <= 0;
        byte[] joined = [.. ordered ? first : second, .. ordered ? second : first];
        byte[] digest = SHA512.HashData(joined);
        var text = new StringBuilder();
        for (int g = 0; g < Groups; g++)
        {
            ulong value = 0;
            for (int i = 0; i < BytesPerGroup; i++)
            {
                value = (value << 8) | digest[(g * BytesPerGroup) + i];
            }

            string digits = (value % Modulus).ToString("D10", CultureInfo.InvariantCulture);
            text.Append(g == 0 ? "" : " ").Append(digits, 0, 5).Append(' ').Append(digits, 5, 5);
        }

        return text.ToString();
    }
}
