using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Crypto;

/// <summary>
/// The engine's ban list (src/Engine/BannedSymbols.txt: wall-clock time, ambient randomness, I/O, BigInteger on secrets)
/// really is enforced: one build of a throw-away project that runs the same BannedApiAnalyzers package over a file using
/// every banned symbol once must report RS0030 on each of those lines. A symbol the analyzer does not recognise (a typo
/// in the documentation id, a member that moved) leaves its line without RS0030 and fails the test.
/// </summary>
[TestFixture]
public sealed partial class BannedSymbolsTests
{
    private const string AnalyzerPackage = "Microsoft.CodeAnalysis.BannedApiAnalyzers";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);

    [Test]
    public void Every_symbol_in_the_engine_ban_list_is_rejected_by_the_analyzer()
    {
        string banList = Path.Combine(SharedPaths.RepoRoot, "src", "Engine", "BannedSymbols.txt");
        IReadOnlyList<string> ids = ReadBannedIds(banList);
        ids.Should().Contain(["T:System.Numerics.BigInteger", "T:System.Diagnostics.Stopwatch", "P:System.TimeProvider.System",
            "P:System.Environment.TickCount", "P:System.Environment.TickCount64"]);

        string project = Directory.CreateTempSubdirectory("banned-symbols-").FullName;
        try
        {
            IReadOnlyDictionary<int, string> lineToId = WriteProbeProject(project, banList, ids);
            (int exitCode, string output) = Build(project);

            var flagged = new HashSet<int>(Rs0030Line().Matches(output).Select(m => int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture)));
            exitCode.Should().Be(0, $"the probe project must compile; build output:\n{output}");
            lineToId.Where(entry => !flagged.Contains(entry.Key)).Select(entry => entry.Value)
                .Should().BeEmpty($"every banned symbol must raise RS0030; build output:\n{output}");
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    [Test]
    public void The_ban_list_parser_reads_ids_and_skips_comments_and_blank_lines()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# comment\n\nT:System.Random;why\nM:System.Guid.NewGuid\n");
            ReadBannedIds(file).Should().Equal("T:System.Random", "M:System.Guid.NewGuid");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static IReadOnlyList<string> ReadBannedIds(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith("//", StringComparison.Ordinal))
            .Select(line => line.Split(';')[0].Trim())
            .ToList();

    /// <summary>One statement per banned id (typeof for a type, a read for a property, a call for a method).</summary>
    private static string Use(string id)
    {
        string name = id[2..];
        return id[0] switch
        {
            'T' => $"_ = typeof({name});",
            'P' => $"_ = {name};",
            'M' => $"_ = {name}();",
            _ => throw new InvalidOperationException($"no probe statement for ban list id {id}"),
        };
    }

    private static Dictionary<int, string> WriteProbeProject(string directory, string banList, IReadOnlyList<string> ids)
    {
        // Empty Directory.*.props/targets stop MSBuild from importing anything from the directories above.
        foreach (string stop in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(directory, stop), "<Project />");
        }

        File.Copy(banList, Path.Combine(directory, "BannedSymbols.txt"));
        var source = new StringBuilder("namespace Probe;\n\npublic static class Uses\n{\n    public static void All()\n    {\n");
        var lineToId = new Dictionary<int, string>();
        int line = 7;
        foreach (string id in ids)
        {
            source.Append("        ").Append(Use(id)).Append('\n');
            lineToId[line++] = id;
        }

        source.Append("    }\n}\n");
        File.WriteAllText(Path.Combine(directory, "Probe.cs"), source.ToString());

        string analyzers = AnalyzerDirectory();
        string references = string.Join('\n', Directory.GetFiles(analyzers, "*.dll").Select(dll => $"    <Analyzer Include=\"{dll}\" />"));
        string bouncyCastle = typeof(Org.BouncyCastle.Security.SecureRandom).Assembly.Location;
        File.WriteAllText(Path.Combine(directory, "Probe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net{Environment.Version.Major}.0</TargetFramework>
                <ImplicitUsings>disable</ImplicitUsings>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <EnableNETAnalyzers>false</EnableNETAnalyzers>
              </PropertyGroup>
              <ItemGroup>
            {references}
                <AdditionalFiles Include="BannedSymbols.txt" />
                <Reference Include="{bouncyCastle}" />
              </ItemGroup>
            </Project>
            """);
        return lineToId;
    }

    /// <summary>The analyzer assemblies of the package version the repository pins, from the NuGet global packages folder.</summary>
    private static string AnalyzerDirectory()
    {
        XDocument packages = XDocument.Load(Path.Combine(SharedPaths.RepoRoot, "Directory.Packages.props"));
        string version = packages.Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == AnalyzerPackage)
            .Attribute("Version")!.Value;
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string directory = Path.Combine(root, AnalyzerPackage.ToLowerInvariant(), version, "analyzers", "dotnet", "cs");
        Directory.Exists(directory).Should().BeTrue($"the engine restores {AnalyzerPackage} {version} into {root}");
        return directory;
    }

    private static (int ExitCode, string Output) Build(string project)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "build", "Probe.csproj", "-nologo", "-v:q", "-clp:NoSummary", "--disable-build-servers" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(BuildTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet build of the probe project took longer than {BuildTimeout}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [GeneratedRegex(@"Probe\.cs\((?<line>\d+),\d+\): warning RS0030")]
    private static partial Regex Rs0030Line();
}
