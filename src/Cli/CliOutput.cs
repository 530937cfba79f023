using System.CommandLine;
using Spectre.Console;

namespace E2eeConformance.Cli;

/// <summary>
/// Where a command writes: the invocation's standard output and error (the console, or a <see cref="StringWriter"/> in
/// tests), and whether the output is an interactive console (progress bars and tables) or plain text.
/// </summary>
internal sealed class CliOutput
{
    public CliOutput(TextWriter output, TextWriter error, bool interactive)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>True when the output is the real console and not redirected.</summary>
    public bool Interactive { get; }

    public static CliOutput From(ParseResult parse)
    {
        TextWriter output = parse.InvocationConfiguration.Output;
        TextWriter error = parse.InvocationConfiguration.Error;
        return new CliOutput(output, error, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
    }

    /// <summary>A Spectre console writing to <see cref="Out"/>; only used when <see cref="Interactive"/>.</summary>
    public IAnsiConsole Ansi() =>
        ReferenceEquals(Out, Console.Out)
            ? AnsiConsole.Console
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Out) });

    /// <summary>
    /// Runs a command body: a <see cref="UsageException"/>, a malformed scenario file or an implementation config that
    /// cannot be found or read prints its message to
    /// <see cref="Error"/> and gives exit code 2.
    /// </summary>
    public static int Guard(ParseResult parse, Func<CliOutput, int> body)
    {
        CliOutput output = From(parse);
        try
        {
            return body(output);
        }
        catch (UsageException usage)
        {
            output.Error.WriteLine($"error: {usage.Message}");
            return ExitCodes.Usage;
        }
        catch (E2eeConformance.Scenarios.Loading.ScenarioFormatException format)
        {
            output.Error.WriteLine($"error: {format.Message}");
            return ExitCodes.Usage;
        }
        catch (E2eeConformance.Scenarios.Implementations.ImplementationConfigException config)
        {
            output.Error.WriteLine($"error [{config.Code}]: {config.Message}");
            return ExitCodes.Usage;
        }
    }
}
