using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;

namespace E2eeConformance.Engine.Sessions;

/// <summary>Checks of peer-supplied keys and lengths, shared by session creation, the ratchet and groups.</summary>
internal static class KeyChecks
{
    /// <summary>A peer's KEM public key must be a valid encoding (<see cref="IKem.IsValidPublicKey"/>), else <c>invalid_public_key</c>.</summary>
    public static void RequireValidKey(CipherSuite suite, ReadOnlySpan<byte> key, string field)
    {
        ExpectLength(key.Length, suite.Kem.PublicKeyLength, field);
        if (!suite.Kem.IsValidPublicKey(key))
        {
            throw new ProtocolException(ProtocolErrorCode.InvalidPublicKey, $"{field} is not a valid {suite.Kem.Name} public key");
        }
    }

    public static void ExpectLength(int actual, int expected, string field)
    {
        if (actual != expected)
        {
            throw new ProtocolException(actual == 0 ? ProtocolErrorCode.MissingField : ProtocolErrorCode.WrongKeyLength, $"{field} is {actual} bytes, expected {expected}");
        }
    }
}
