using E2eeConformance.Engine.Crypto;

namespace E2eeConformance.Vectors;

/// <summary>
/// Finds the randomness of one recorded KEM step in a vector's random stream (<see cref="RecordedStream.Locate"/>),
/// so the engine can redo the step with exactly the recorded draw. When the draw is not there, the case names the step
/// and the replay goes on with zero bytes (its byte comparisons then fail where the draw mattered).
/// </summary>
internal static class StreamDraws
{
    /// <summary>The 32-byte encapsulation randomness m for which Encaps(publicKey, m) gives <paramref name="ciphertext"/>.</summary>
    public static byte[] Encapsulation(RecordedStream? stream, CipherSuite suite, CaseRecorder rec, string what, byte[] publicKey, byte[] ciphertext)
    {
        byte[]? m = stream?.Locate(32, candidate =>
        {
            KemEncapsulation e = suite.Kem.Encapsulate(publicKey, new QueuedRandom(candidate));
            e.SharedSecret.Dispose();
            return e.Ciphertext.AsSpan().SequenceEqual(ciphertext);
        });
        if (m is null)
        {
            rec.Fail(what, "the randomness of this encapsulation is not in the vector's recorded random stream (or the ciphertext is not an encapsulation to that key)");
            return new byte[32];
        }

        return m;
    }

    /// <summary>The key-generation seed of <paramref name="seedLength"/> bytes that yields <paramref name="publicKey"/>.</summary>
    public static byte[] KeyGeneration(RecordedStream? stream, CipherSuite suite, CaseRecorder rec, string what, byte[] publicKey, int seedLength)
    {
        byte[]? seed = stream?.Locate(seedLength, candidate => suite.Kem.GenerateKeyPair(new QueuedRandom(candidate)).PublicKey.AsSpan().SequenceEqual(publicKey));
        if (seed is null)
        {
            rec.Fail(what, "the key-generation randomness is not in the vector's recorded random stream");
            return new byte[seedLength];
        }

        return seed;
    }
}
