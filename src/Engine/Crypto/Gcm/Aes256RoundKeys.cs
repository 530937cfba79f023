using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace E2eeConformance.Engine.Crypto.Gcm;

/// <summary>The 15 round keys of AES-256 (FIPS 197 §5.2), kept on the stack; wipe with <c>default</c> after use.</summary>
[InlineArray(Aes256Ni.RoundKeyCount)]
internal struct Aes256RoundKeys
{
    private Vector128<byte> _element0;
}
