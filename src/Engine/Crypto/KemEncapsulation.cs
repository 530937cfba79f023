namespace E2eeConformance.Engine.Crypto;

/// <summary>The result of a KEM encapsulation: the ciphertext sent to the key owner and the shared secret.</summary>
public sealed record KemEncapsulation(byte[] Ciphertext, SecretBytes SharedSecret);
