using System.Buffers.Binary;

namespace E2eeConformance.Engine.Crypto.SlhDsaSha2;

/// <summary>The address types of FIPS 205 §4.2 (the value of the ADRS type word).</summary>
internal enum AddressType : byte
{
    WotsHash = 0,
    WotsPk = 1,
    Tree = 2,
    ForsTree = 3,
    ForsRoots = 4,
    WotsPrf = 5,
    ForsPrf = 6,
}

/// <summary>
/// An SLH-DSA address ADRS (FIPS 205 §4.2, Table 1 member functions), kept as its fields and written out only in the
/// 22-byte compressed form ADRSc of the SHA2 instantiations (§11.2):
/// layer (1 byte) ‖ tree address (low 8 bytes) ‖ type (1 byte) ‖ three 4-byte words, all big-endian. The three words are
/// key pair ‖ chain ‖ hash address for the WOTS+ types, padding ‖ tree height ‖ tree index for the tree types, and key
/// pair ‖ tree height ‖ tree index for FORS. SLH-DSA-SHA2-256s needs no more than 8 bytes of tree address (h − h′ = 56 bits).
/// </summary>
internal struct Address
{
    /// <summary>The length of ADRSc.</summary>
    public const int CompressedLength = 22;

    private uint _layer;
    private ulong _tree;
    private AddressType _type;
    private uint _word1;
    private uint _word2;
    private uint _word3;

    /// <summary>An address with the given layer and tree address, every other field zero (type WOTS_HASH).</summary>
    public static Address Create(int layer, ulong tree) => new() { _layer = (uint)layer, _tree = tree };

    /// <summary>ADRS.setTypeAndClear(Y): sets the type and zeroes the three words after it.</summary>
    public void SetTypeAndClear(AddressType type)
    {
        _type = type;
        _word1 = 0;
        _word2 = 0;
        _word3 = 0;
    }

    /// <summary>ADRS.setKeyPairAddress(i).</summary>
    public void SetKeyPairAddress(uint keyPair) => _word1 = keyPair;

    /// <summary>ADRS.getKeyPairAddress().</summary>
    public readonly uint GetKeyPairAddress() => _word1;

    /// <summary>ADRS.setChainAddress(i).</summary>
    public void SetChainAddress(uint chain) => _word2 = chain;

    /// <summary>ADRS.setHashAddress(i).</summary>
    public void SetHashAddress(uint hash) => _word3 = hash;

    /// <summary>ADRS.setTreeHeight(z).</summary>
    public void SetTreeHeight(uint height) => _word2 = height;

    /// <summary>ADRS.setTreeIndex(i).</summary>
    public void SetTreeIndex(uint index) => _word3 = index;

    /// <summary>ADRS.getTreeIndex().</summary>
    public readonly uint GetTreeIndex() => _word3;

    /// <summary>Writes ADRSc (FIPS 205 §11.2) into the first 22 bytes of <paramref name="destination"/>.</summary>
    public readonly void WriteCompressed(Span<byte> destination)
    {
        destination = destination[..CompressedLength];
        BinaryPrimitives.WriteUInt32BigEndian(destination[18..], _word3);
        destination[0] = (byte)_layer;
        BinaryPrimitives.WriteUInt64BigEndian(destination[1..], _tree);
        destination[9] = (byte)_type;
        BinaryPrimitives.WriteUInt32BigEndian(destination[10..], _word1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[14..], _word2);
    }
}
