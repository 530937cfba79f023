using E2eeConformance.Engine.Errors;

namespace E2eeConformance.Vectors;

/// <summary>Collects the field mismatches of one case, then turns them into a <see cref="VectorCaseResult"/>.</summary>
internal sealed class CaseRecorder(string file, string caseName)
{
    private readonly List<string> _failures = [];

    public string Case { get; } = caseName;

    public bool Ok => _failures.Count == 0;

    public void Fail(string field, string detail) => _failures.Add($"{field}: {detail}");

    public void Bytes(string field, ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (!expected.SequenceEqual(actual))
        {
            Fail(field, Hex.Mismatch(expected, actual));
        }
    }

    public void Value<T>(string field, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            Fail(field, $"expected {expected}, got {actual}");
        }
    }

    /// <summary>Runs a step; a protocol error or malformed input becomes a failure of this case instead of an exception.</summary>
    public bool Try(string step, Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (ProtocolException e)
        {
            Fail(step, $"error {e.Code.Name()}: {e.Detail}");
        }
        catch (VectorFormatException e)
        {
            Fail(step, $"vector file: {e.Message}");
        }

        return false;
    }

    public VectorCaseResult Result() =>
        new(file, Case, Ok ? VectorOutcome.Passed : VectorOutcome.Failed, [.. _failures]);
}
