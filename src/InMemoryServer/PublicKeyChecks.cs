using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Wire;
using static E2eeConformance.InMemoryServer.RefusalException;

namespace E2eeConformance.InMemoryServer;

/// <summary>
/// Validation of the public keys devices publish (seed 000 §Key Size, §Account; REFERENCE-BEHAVIOUR §3, 15), shared by
/// registration (<see cref="AccountRegistry"/>) and publication (<see cref="PreKeyDirectory"/>). Owns no state: every
/// check either returns the key or throws the BAD_REQUEST / CONFLICT refusal that names the offending field.
/// </summary>
internal static class PublicKeyChecks
{
    /// <summary>The pack id names a suite this server supports (seed 000 §Cipher Suites; REFERENCE-BEHAVIOUR §1).</summary>
    public static CipherSuite RequireSuite(uint packId) =>
        CipherSuite.TryFromPackId(packId, out CipherSuite? suite, out string? why) ? suite : throw BadRequest(why);

    /// <summary>IdentityKeyPublic: a valid KEM public key and a signature public key of the suite's lengths.</summary>
    public static IdentityKeyPublic RequireIdentityKey(CipherSuite suite, IdentityKeyPublic? key)
    {
        if (key is null)
        {
            throw BadRequest("identity_key_public is missing");
        }

        RequireKemPublicKey(suite, key.AsymPublicKey, "identity_key_public.asym_public_key");
        if (key.SignPublicKey.Length != suite.Signature.PublicKeyLength)
        {
            throw BadRequest($"identity_key_public.sign_public_key has {key.SignPublicKey.Length} bytes, {suite.Signature.Name} needs {suite.Signature.PublicKeyLength}");
        }

        return key;
    }

    /// <summary>
    /// SignedPreKeyPublic: a valid KEM public key with a signature by the identity sign key over the public key bytes
    /// (REFERENCE-BEHAVIOUR §15). The server checks what every inviter will check, so a bad key is refused at the door.
    /// </summary>
    public static SignedPreKeyPublic RequireSignedPreKey(CipherSuite suite, IdentityKeyPublic identity, SignedPreKeyPublic? key, string field)
    {
        if (key is null)
        {
            throw BadRequest($"{field} is missing");
        }

        RequireKemPublicKey(suite, key.PublicKey, $"{field}.public_key");
        if (key.Signature.Length != suite.Signature.SignatureLength)
        {
            throw BadRequest($"{field}.signature has {key.Signature.Length} bytes, {suite.Signature.Name} makes {suite.Signature.SignatureLength}");
        }

        if (!suite.Signature.Verify(identity.SignPublicKey.Span, key.PublicKey.Span, key.Signature.Span))
        {
            throw BadRequest($"{field}.signature does not verify with the identity sign key");
        }

        return key;
    }

    /// <summary>
    /// One-time pre-keys: valid KEM public keys with ids unique in the list and not already in <paramref name="stock"/>,
    /// at most <paramref name="maxPerDevice"/> in all. Returns copies.
    /// </summary>
    public static List<OneTimePreKeyPublic> RequireOneTimePreKeys(
        CipherSuite suite,
        IEnumerable<OneTimePreKeyPublic> keys,
        IReadOnlyCollection<OneTimePreKeyPublic> stock,
        int maxPerDevice,
        string field)
    {
        var list = keys.ToList();
        var ids = new HashSet<uint>(stock.Select(k => k.OpkId));
        for (int i = 0; i < list.Count; i++)
        {
            OneTimePreKeyPublic key = list[i] ?? throw BadRequest($"{field}[{i}] is missing");
            RequireKemPublicKey(suite, key.PublicKey, $"{field}[{i}].public_key");
            if (!ids.Add(key.OpkId))
            {
                throw stock.Any(k => k.OpkId == key.OpkId)
                    ? Refuse(ResponseCode.RequestConflict, $"{field}[{i}]: one-time pre-key {key.OpkId} is already in stock")
                    : BadRequest($"{field}[{i}]: one-time pre-key id {key.OpkId} appears twice");
            }
        }

        if (stock.Count + list.Count > maxPerDevice)
        {
            throw BadRequest($"{field}: more than {maxPerDevice} one-time pre-keys for one device");
        }

        return list.Select(k => k.Clone()).ToList();
    }

    private static void RequireKemPublicKey(CipherSuite suite, Google.Protobuf.ByteString key, string field)
    {
        if (key.Length != suite.Kem.PublicKeyLength || !suite.Kem.IsValidPublicKey(key.Span))
        {
            throw BadRequest($"{field} is not a valid {suite.Kem.Name} public key ({key.Length} bytes, {suite.Kem.PublicKeyLength} expected)");
        }
    }
}
