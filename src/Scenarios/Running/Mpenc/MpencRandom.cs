using E2eeConformance.SenderKeys.Ports;

namespace E2eeConformance.Scenarios.Running.Mpenc;

/// <summary>The mpENC family's randomness port over a labelled stream: a run's bytes are a function of its seed and the label.</summary>
internal sealed class MpencRandom(string label) : E2eeConformance.Mpenc.Ports.IRandom
{
    private readonly LabelledStream _stream = new(label);

    public void Fill(Span<byte> destination) => _stream.Fill(destination);
}
