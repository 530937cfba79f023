using System.CommandLine;
using E2eeConformance.Scenarios;

namespace E2eeConformance.Cli;

/// <summary><c>schema</c>: prints the JSON Schema of scenario files (embedded in the command, so an installed tool has it too).</summary>
internal static class SchemaCommand
{
    /// <summary>The schema's resource name in the scenarios assembly.</summary>
    public const string ResourceName = "schema/scenario.schema.json";

    public static Command Create()
    {
        Command command = new("schema", "Print the JSON Schema of scenario files (for an editor's YAML support: save it and point the editor at it).");
        command.SetAction(parse => CliOutput.Guard(parse, output =>
        {
            output.Out.Write(Text());
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The schema's text.</summary>
    public static string Text()
    {
        using Stream stream = typeof(BuiltInCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the scenarios assembly has no resource {ResourceName}");
        using StreamReader reader = new(stream);
        return reader.ReadToEnd();
    }
}
