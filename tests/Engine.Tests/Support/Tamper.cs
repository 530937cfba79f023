using Google.Protobuf;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Tests.Support;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>Crafting hostile copies of wire messages, and asserting how the engine rejects them.</summary>
internal static class Tamper
{
    /// <summary>A deep copy of <paramref name="message"/> with <paramref name="change"/> applied to its one2one payload.</summary>
    public static Wire.E2eeMsg Payload(Wire.E2eeMsg message, Action<Wire.One2oneMsgPayload> change)
    {
        Wire.E2eeMsg copy = message.Clone();
        change(copy.One2OneMsg);
        return copy;
    }

    /// <summary>A deep copy of <paramref name="message"/> with <paramref name="change"/> applied.</summary>
    public static T Copy<T>(T message, Action<T> change)
        where T : IDeepCloneable<T>
    {
        T copy = message.Clone();
        change(copy);
        return copy;
    }

    public static ByteString FlipBit(ByteString bytes, int index, int bit = 0)
    {
        byte[] copy = bytes.ToByteArray();
        copy[index] ^= (byte)(1 << bit);
        return ByteString.CopyFrom(copy);
    }

    /// <summary><paramref name="bytes"/> made <paramref name="delta"/> bytes longer (zero-padded) or shorter.</summary>
    public static ByteString Resize(ByteString bytes, int delta)
    {
        byte[] copy = new byte[bytes.Length + delta];
        bytes.Span[..Math.Min(bytes.Length, copy.Length)].CopyTo(copy);
        return ByteString.CopyFrom(copy);
    }

    /// <summary>Asserts that <paramref name="act"/> throws a <see cref="ProtocolException"/> with <paramref name="code"/>.</summary>
    public static ProtocolException Rejects(Action act, ProtocolErrorCode code)
    {
        ProtocolException e = act.Should().Throw<ProtocolException>().Which;
        e.Code.Should().Be(code, "the engine said: {0}", e.Message);
        return e;
    }

    /// <summary>
    /// Asserts that Bob rejects <paramref name="message"/> with <paramref name="code"/> and that his session is byte-for-byte
    /// what it was (compute, then commit).
    /// </summary>
    public static void BobRejects(TwoParties parties, Wire.E2eeMsg message, ProtocolErrorCode code)
    {
        EstablishedSession before = parties.BobSession;
        string dump = StateDump.Of(before);
        Rejects(() => parties.BobReceives(message), code);
        parties.BobSession.Should().BeSameAs(before);
        StateDump.Of(before).Should().Be(dump, "a failed decrypt must leave the state unchanged");
    }
}
