using System.CommandLine;
using E2eeConformance.Vectors;

namespace E2eeConformance.Cli;

/// <summary>The <c>e2ee-conformance</c> command line.</summary>
internal static class CommandLineApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand("E2eeConformance: a conformance harness for the E2EE Security / SKISSM protocols. Without a command it runs the scenarios (as 'run').");
        RunCommand.Attach(root);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(SchemaCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(FuzzCommand.Create());
        var vectors = new Command("vectors", "Check or regenerate test vectors.");
        vectors.Subcommands.Add(VerifyCommand());
        vectors.Subcommands.Add(VectorsGenerateCommand());
        root.Subcommands.Add(vectors);
        return root;
    }

    /// <summary>
    /// Parses and runs a command line. A parse error (unknown option, bad value, missing required option) prints the
    /// errors and help like System.CommandLine does, but exits with 2 (a usage error) rather than 1 (a failed run).
    /// </summary>
    public static int Invoke(IReadOnlyList<string> args, InvocationConfiguration? configuration = null)
    {
        ParseResult parse = Build().Parse(args);
        int code = configuration is null ? parse.Invoke() : parse.Invoke(configuration);
        return parse.Errors.Count > 0 ? ExitCodes.Usage : code;
    }

    private static Command VerifyCommand()
    {
        var path = new Argument<string[]>("path") { Description = "Vector files or directories (searched for *.json).", Arity = ArgumentArity.OneOrMore };
        var quiet = new Option<bool>("--failures-only") { Description = "Print only failed cases (and the summary)." };
        var command = new Command("verify", "Check vector files (ours or the reference's schema) against the engine; one line per case, then 'N passed, N failed' (plus 'N not checkable' when a file lacks send positions; those do not fail the run).")
        {
            path,
            quiet,
        };
        command.SetAction(parse => VerifyVectors(parse.GetValue(path)!, parse.GetValue(quiet)));
        return command;
    }

    private static Command VectorsGenerateCommand()
    {
        var output = new Option<string>("--out") { Description = "Directory to write to.", DefaultValueFactory = _ => "vectors" };
        var command = new Command("generate", "Regenerate this project's own vector files deterministically.") { output };
        command.SetAction(parse => OwnVectorsCommand.Generate(parse.GetValue(output)!));
        return command;
    }

    private static int VerifyVectors(string[] paths, bool failuresOnly)
    {
        int passed = 0, failed = 0, unsupported = 0, notCheckable = 0;
        foreach (string input in paths)
        {
            if (!File.Exists(input) && !Directory.Exists(input))
            {
                Console.Error.WriteLine($"error: no such file or directory: {input}");
                failed++;
                continue;
            }

            string baseDir = Directory.Exists(input) ? input : Path.GetDirectoryName(Path.GetFullPath(input))!;
            foreach (string file in VectorVerifier.Files(input))
            {
                string display = Path.GetRelativePath(baseDir, file);
                foreach (VectorCaseResult result in VectorVerifier.VerifyFile(file, Directory.Exists(input) ? Path.Combine(input, display) : input))
                {
                    switch (result.Outcome)
                    {
                        case VectorOutcome.Passed: passed++; break;
                        case VectorOutcome.Failed: failed++; break;
                        case VectorOutcome.NotCheckable: notCheckable++; break;
                        default: unsupported++; break;
                    }

                    if (!failuresOnly || result.Outcome == VectorOutcome.Failed)
                    {
                        Console.WriteLine(result.Line);
                    }
                }
            }
        }

        if (unsupported > 0)
        {
            Console.WriteLine($"{unsupported} unsupported");
        }

        Console.WriteLine(notCheckable > 0 ? $"{passed} passed, {failed} failed, {notCheckable} not checkable" : $"{passed} passed, {failed} failed");
        if (failed == 0 && notCheckable > 0)
        {
            Console.WriteLine("nothing failed: a not-checkable case (a send position missing from the file) is no failure, exit 0");
        }

        return failed == 0 ? 0 : 1;
    }
}
