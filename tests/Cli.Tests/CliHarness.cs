using System.CommandLine;

namespace E2eeConformance.Cli.Tests;

/// <summary>What one in-process invocation of the command printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string All => Out + Error;

    public IReadOnlyList<string> OutLines => Out.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
}

/// <summary>Runs the command line in-process with captured output, in a temporary directory of scenario files.</summary>
internal sealed class CliHarness : IDisposable
{
    public CliHarness()
    {
        Directory = Path.Combine(Path.GetTempPath(), "e2ee-cli-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string ReportDirectory => Path.Combine(Directory, "reports");

    /// <summary>Writes a scenario file into the temporary directory and returns its path.</summary>
    public string Write(string fileName, string yaml)
    {
        string path = Path.Combine(Directory, fileName);
        File.WriteAllText(path, yaml);
        return path;
    }

    public static CliRun Invoke(params string[] args)
    {
        using StringWriter output = new();
        using StringWriter error = new();
        int code = CommandLineApp.Invoke(args, new InvocationConfiguration { Output = output, Error = error });
        CliRun run = new(code, output.ToString(), error.ToString());
        TestContext.Out.WriteLine($"$ e2ee-conformance {string.Join(' ', args)}  -> exit {code}");
        TestContext.Out.WriteLine(run.Out);
        TestContext.Out.WriteLine(run.Error);
        return run;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }
}
