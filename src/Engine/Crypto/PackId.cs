namespace E2eeConformance.Engine.Crypto;

/// <summary>
/// The 32-bit pack id that names a cipher suite: <c>ver&lt;&lt;24 | ds&lt;&lt;16 | kem&lt;&lt;8 | (se&amp;0xF)&lt;&lt;4 | (hash&amp;0xF)</c>
/// (REFERENCE-BEHAVIOUR §1; e2ees.c:e2ees_pack_id_to_raw).
/// </summary>
public readonly record struct PackId(uint Value)
{
    /// <summary>E2EES_PACK_ID_V_0_DEFAULT: ML-DSA-87 + ML-KEM-1024 + AES-256-GCM + SHA-256.</summary>
    public static readonly PackId DefaultPqc = new(0x113101);

    /// <summary>curve25519 signatures + X25519 + AES-256-GCM + SHA-256 (seed 001's ECC suite).</summary>
    public static readonly PackId Ecc = new(0x000001);

    /// <summary>
    /// Packs the five fields; each is masked to its width (version 8 bits, ds 8, kem 8, se 4, hash 4).
    /// </summary>
    public static PackId Create(byte version, uint ds, uint kem, uint se, uint hash) =>
        new(((uint)version << 24) | ((ds & 0xFF) << 16) | ((kem & 0xFF) << 8) | ((se & 0xF) << 4) | (hash & 0xF));

    /// <summary>The pack-id version (bits 24–31; only 0 is supported).</summary>
    public byte Version => (byte)(Value >> 24);

    /// <summary>The signature algorithm, AlgTypeDs (bits 16–23).</summary>
    public uint Ds => (Value >> 16) & 0xFF;

    /// <summary>The KEM, AlgTypeKem (bits 8–15).</summary>
    public uint Kem => (Value >> 8) & 0xFF;

    /// <summary>The symmetric cipher, AlgTypeSe (bits 4–7; 0 = AES-256-GCM).</summary>
    public uint Se => (Value >> 4) & 0xF;

    /// <summary>The hash, AlgTypeHash (bits 0–3; 1 = SHA-256).</summary>
    public uint Hash => Value & 0xF;

    /// <summary>The value as six hex digits, e.g. <c>0x113101</c>.</summary>
    public override string ToString() => $"0x{Value:x6}";
}
