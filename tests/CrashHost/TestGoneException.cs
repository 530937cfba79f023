namespace E2eeConformance.CrashHost;

/// <summary>The test closed the stream: the process exits quietly.</summary>
internal sealed class TestGoneException : Exception
{
    public TestGoneException()
        : base("the test closed the stream")
    {
    }
}
