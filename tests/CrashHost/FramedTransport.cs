using E2eeConformance.Adapter;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.CrashHost;

/// <summary>
/// The device's exchange with the test in its own process: every request goes to the test as a
/// <see cref="Frames.Request"/> frame with the real protobuf bytes, and the test's <see cref="Frames.Answer"/> frame is
/// its response (used through an <see cref="ExchangeTransport"/>). When the test goes away (end of stream) the process
/// exits: there is nobody left to answer.
/// </summary>
internal sealed class FramedTransport(Stream input, Stream output)
{
    public byte[] Exchange(RequestType type, DeviceCredential? credential, byte[] request)
    {
        Frames.Write(output, Frames.Request, new RequestFrame(type, credential, request).Encode());
        (byte kind, byte[] payload) = Frames.Read(input) ?? throw new TestGoneException();
        return kind == Frames.Answer ? payload : throw new InvalidDataException($"expected an answer, got frame '{(char)kind}'");
    }
}
