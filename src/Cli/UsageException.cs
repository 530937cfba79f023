namespace E2eeConformance.Cli;

/// <summary>The command line asks for something that does not exist or cannot be done: exit code 2 with this message.</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
