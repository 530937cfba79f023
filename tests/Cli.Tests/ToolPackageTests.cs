using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using E2eeConformance.Scenarios;

namespace E2eeConformance.Cli.Tests;

/// <summary>
/// The command packs as a .NET tool (dotnet pack), installs from the package (dotnet tool install into a tool path,
/// from a local source only, with its own package cache) and runs with the catalog and the schema inside it, and with the
/// vector library (E2eeConformance.Vectors) beside the command.
/// </summary>
[Category("Tool")]
public sealed class ToolPackageTests
{
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(60);

    private string _root = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "e2ee-tool-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    [TearDown]
    public void TearDown()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    [Test]
    public void The_packed_tool_installs_lists_checks_and_runs_the_built_in_catalog_and_verifies_vectors()
    {
        string packages = Path.Combine(_root, "feed");
        string tools = Path.Combine(_root, "tools");
        string version = "0.1.0-tooltest." + Guid.NewGuid().ToString("N")[..8];

        // The test project built src/Cli in this configuration already: pack that build rather than build again.
        Dotnet("pack", Path.Combine(RepositoryRoot(), "src", "Cli"), "-c", Configuration(), "--no-build", "-nodeReuse:false",
            "-o", packages, $"-p:PackageVersion={version}").ExitCode.Should().Be(0);
        string package = Path.Combine(packages, $"E2eeConformance.Tool.{version}.nupkg");
        File.Exists(package).Should().BeTrue();
        AssertPackageMetadata(package);

        string config = Path.Combine(_root, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        Dotnet("tool", "install", "E2eeConformance.Tool", "--tool-path", tools, "--version", version, "--configfile", config)
            .ExitCode.Should().Be(0);

        string tool = Path.Combine(tools, OperatingSystem.IsWindows() ? "e2ee-conformance.exe" : "e2ee-conformance");
        Result list = Run(tool, "list");
        list.ExitCode.Should().Be(0);
        list.Out.Should().Contain("hello-one2one").And.Contain("group-100-members")
            .And.Contain($"{BuiltInCatalog.FileNames.Count} scenarios");

        Run(tool, "check").ExitCode.Should().Be(0);

        Result schema = Run(tool, "schema");
        schema.ExitCode.Should().Be(0);
        using (JsonDocument parsed = JsonDocument.Parse(schema.Out))
        {
            parsed.RootElement.GetProperty("$schema").GetString().Should().Contain("json-schema.org");
        }

        string reports = Path.Combine(_root, "reports");
        Result run = Run(tool, "run", "--scenario", "hello-one2one", "--suite", "ecc", "--report", reports, "--no-progress");
        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("PASS  hello-one2one [ecc]");
        File.Exists(Path.Combine(reports, "results.json")).Should().BeTrue();

        string primitives = Path.Combine(RepositoryRoot(), "vectors", "reference", "e2ee-security-d6b6c69", "primitives.json");
        Result vectors = Run(tool, "vectors", "verify", primitives);
        vectors.ExitCode.Should().Be(0);
        vectors.Out.Should().MatchRegex(@"(?m)^[1-9][0-9]* passed, 0 failed$");
    }

    private static void AssertPackageMetadata(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        List<string> entries = [.. zip.Entries.Select(e => e.FullName)];
        entries.Should().Contain(["README.md", "LICENSE", "tools/net10.0/any/DotnetToolSettings.xml", "tools/net10.0/any/e2ee-conformance.dll", "tools/net10.0/any/E2eeConformance.Vectors.dll"]);

        using Stream nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        XElement metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Field("id").Should().Be("E2eeConformance.Tool");
        Field("license").Should().Be("MIT");
        Field("readme").Should().Be("README.md");
        Field("authors").Should().NotBeEmpty();
        Field("description").Should().NotBeEmpty();
        metadata.Elements().Single(e => e.Name.LocalName == "packageTypes").Elements().Single().Attribute("name")!.Value.Should().Be("DotnetTool");
    }

    private Result Dotnet(params string[] args) => Run(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet", args);

    private Result Run(string program, params string[] args)
    {
        ProcessStartInfo start = new(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The child builds and restores on its own: nothing of this test host's MSBuild, and a package cache of its own.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["NUGET_PACKAGES"] = Path.Combine(_root, "packages");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(StepLimit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish within {StepLimit.TotalSeconds} s");
        }

        Result result = new(process.ExitCode, output.Result, error.Result);
        TestContext.Out.WriteLine($"$ {program} {string.Join(' ', args)}  -> exit {result.ExitCode}");
        TestContext.Out.WriteLine(result.Out);
        TestContext.Out.WriteLine(result.Error);
        return result;
    }

    private static string Configuration() =>
        typeof(ToolPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "E2eeConformance.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("the tests run inside the repository");
    }

    private sealed record Result(int ExitCode, string Out, string Error);
}
