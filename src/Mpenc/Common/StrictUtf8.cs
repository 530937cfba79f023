using System.Text;
using E2eeConformance.Mpenc.Errors;

namespace E2eeConformance.Mpenc.Common;

/// <summary>Text read from a packet: UTF-8 that must be valid, or <c>malformed</c> (no replacement characters).</summary>
internal static class StrictUtf8
{
    private static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="bytes"/>; <paramref name="what"/> names it in the refusal.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return Encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new MpencException(MpencErrorCode.Malformed, $"{what} is not UTF-8");
        }
    }
}
