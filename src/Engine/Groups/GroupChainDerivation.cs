using System.Security.Cryptography;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Groups;

/// <summary>The group chain-key derivations (seed 000 §Create group, §Add members; REFERENCE-BEHAVIOUR §36, 41).</summary>
public static class GroupChainDerivation
{
    private static readonly byte[] StepInfo = [0x02];

    /// <summary>CK_member = HKDF(seed ‖ member's identity sign public key, 0^32, "ROOT", 32) (REFERENCE-BEHAVIOUR §36).</summary>
    public static ChainKey FromSeed(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> signPublicKey)
    {
        byte[] ikm = [.. seed, .. signPublicKey];
        Span<byte> ck = stackalloc byte[ProtocolLimits.ChainKeyLength];
        Kdf.Hkdf(ikm, [], Kdf.Labels.Root, ck);
        CryptographicOperations.ZeroMemory(ikm);
        ChainKey chain = ChainKey.Create(0, ck);
        CryptographicOperations.ZeroMemory(ck);
        return chain;
    }

    /// <summary>The newcomer's chain: HKDF(CK_inviter, salt "welcome", info 0x02, 32) (REFERENCE-BEHAVIOUR §41).</summary>
    public static ChainKey Welcome(ChainKey inviter) => Derive(inviter, Kdf.Labels.Welcome);

    /// <summary>A chain after an add: HKDF(CK, salt "add", info 0x02, 32), index reset to 0 (REFERENCE-BEHAVIOUR §41).</summary>
    public static ChainKey Add(ChainKey chain) => Derive(chain, Kdf.Labels.Add);

    /// <summary>
    /// The inviter's side of adding <paramref name="count"/> members in list order: for each, CK_new = welcome(CK_inviter),
    /// then CK_inviter ← add(CK_new). Returns the newcomers' chains and the inviter's final chain.
    /// </summary>
    public static (IReadOnlyList<ChainKey> Newcomers, ChainKey Inviter) WelcomeAndAdd(ChainKey inviter, int count)
    {
        var newcomers = new List<ChainKey>(count);
        ChainKey current = inviter;
        for (int i = 0; i < count; i++)
        {
            ChainKey welcome = Welcome(current);
            newcomers.Add(welcome);
            ChainKey next = Add(welcome);
            if (!ReferenceEquals(current, inviter))
            {
                current.Dispose(); // an intermediate inviter chain, derived here and never handed out
            }

            current = next;
        }

        return (newcomers, current);
    }

    private static ChainKey Derive(ChainKey chain, ReadOnlySpan<byte> salt)
    {
        Span<byte> ck = stackalloc byte[ProtocolLimits.ChainKeyLength];
        Kdf.Hkdf(chain.Key, salt, StepInfo, ck);
        ChainKey derived = ChainKey.Create(0, ck);
        CryptographicOperations.ZeroMemory(ck);
        return derived;
    }
}
