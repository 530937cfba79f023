namespace E2eeConformance.Engine.Crypto.SlhDsaSha2;

/// <summary>
/// The parameter set SLH-DSA-SHA2-256s (FIPS 205 §11, Table 2), the only one the engine implements itself:
/// n = 32, h = 64, d = 8, h′ = 8, a = 14, k = 22, lg_w = 4, m = 49; security category 5. The derived WOTS+ lengths
/// follow FIPS 205 §5 (Eq. 5.1–5.4) and the signature layout §9.2 (Figure 17): R ‖ SIG_FORS ‖ SIG_HT.
/// </summary>
internal static class SlhParameters
{
    /// <summary>n: the security parameter, the length of every hash value, key seed and tree node in bytes.</summary>
    public const int N = 32;

    /// <summary>h: the total height of the hypertree.</summary>
    public const int H = 64;

    /// <summary>d: the number of XMSS layers of the hypertree.</summary>
    public const int D = 8;

    /// <summary>h′ = h / d: the height of each XMSS tree (256 leaves).</summary>
    public const int HPrime = 8;

    /// <summary>a: the height of each FORS tree (2^14 leaves).</summary>
    public const int A = 14;

    /// <summary>k: the number of FORS trees.</summary>
    public const int K = 22;

    /// <summary>lg_w: bits per WOTS+ digit (w = 16).</summary>
    public const int LgW = 4;

    /// <summary>w = 2^lg_w: the WOTS+ chain length.</summary>
    public const int W = 1 << LgW;

    /// <summary>len1 = 8n / lg_w: message digits of a WOTS+ signature (FIPS 205 Eq. 5.1).</summary>
    public const int Len1 = 8 * N / LgW;

    /// <summary>len2 = ⌊log2(len1 · (w − 1)) / lg_w⌋ + 1: checksum digits (FIPS 205 Eq. 5.3).</summary>
    public const int Len2 = 3;

    /// <summary>len = len1 + len2: the number of WOTS+ chains (FIPS 205 Eq. 5.4).</summary>
    public const int Len = Len1 + Len2;

    /// <summary>m: the length of the message digest H_msg in bytes.</summary>
    public const int M = 49;

    /// <summary>⌈k·a / 8⌉: the digest bytes that select the FORS leaves (FIPS 205 Alg. 19 line 7).</summary>
    public const int MdLength = ((K * A) + 7) / 8;

    /// <summary>⌈(h − h/d) / 8⌉: the digest bytes of idx_tree (FIPS 205 Alg. 19 line 8).</summary>
    public const int TreeIndexLength = (H - HPrime + 7) / 8;

    /// <summary>⌈h / (8d)⌉: the digest bytes of idx_leaf (FIPS 205 Alg. 19 line 9).</summary>
    public const int LeafIndexLength = (HPrime + 7) / 8;

    /// <summary>One FORS tree's part of SIG_FORS: the revealed secret value and a authentication nodes.</summary>
    public const int ForsTreeSignatureLength = (A + 1) * N;

    /// <summary>SIG_FORS: k·(a + 1)·n bytes.</summary>
    public const int ForsSignatureLength = K * ForsTreeSignatureLength;

    /// <summary>A WOTS+ signature: len·n bytes.</summary>
    public const int WotsSignatureLength = Len * N;

    /// <summary>SIG_XMSS: a WOTS+ signature and h′ authentication nodes, (len + h′)·n bytes.</summary>
    public const int XmssSignatureLength = WotsSignatureLength + (HPrime * N);

    /// <summary>The whole signature R ‖ SIG_FORS ‖ SIG_HT: (1 + k(a + 1) + h + d·len)·n = 29 792 bytes.</summary>
    public const int SignatureLength = N + ForsSignatureLength + (D * XmssSignatureLength);

    /// <summary>PK.seed ‖ PK.root.</summary>
    public const int PublicKeyLength = 2 * N;

    /// <summary>SK.seed ‖ SK.prf ‖ PK.seed ‖ PK.root.</summary>
    public const int PrivateKeyLength = 4 * N;
}
