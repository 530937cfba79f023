using E2eeConformance.Scenarios.Implementations;
using E2eeConformance.Scenarios.Running;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Scenarios.Tests.Implementations;

/// <summary>How <c>--impl</c> finds an implementation: engine, a file, ./implementations/NAME.json, a built-in config.</summary>
public sealed class ImplementationCatalogTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"e2ee-impls-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_directory, "implementations"));
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Engine_is_the_engine_in_process() =>
        ImplementationCatalog.Resolve("engine", _directory, "/h").Should().BeNull();

    [Test]
    public void The_built_in_configs_are_our_shim_and_its_deviant_twin()
    {
        ImplementationCatalog.BuiltInNames.Should().Equal("deviant", "shim");
        DeviceImplementation shim = ImplementationCatalog.Resolve("shim", _directory, "/h")!;
        shim.Arguments.Should().Equal("/h/E2eeConformance.Shim.dll");
        DeviceImplementation deviant = ImplementationCatalog.Resolve("deviant", _directory, "/h")!;
        deviant.Arguments.Should().Contain("--deviate");
        deviant.Deviations.Should().NotBeEmpty();
    }

    [Test]
    public void A_local_config_comes_before_a_built_in_one_and_a_path_is_read_as_a_file()
    {
        File.WriteAllText(Path.Combine(_directory, "implementations", "shim.json"), """{ "name": "my-shim", "command": ["{config_dir}/run"] }""");
        File.WriteAllText(Path.Combine(_directory, "other.json"), """{ "name": "other", "command": ["o"] }""");

        ImplementationCatalog.Resolve("shim", _directory, "/h")!.Name.Should().Be("my-shim");
        ImplementationCatalog.Resolve("shim", _directory, "/h")!.Program.Should().Be(Path.Combine(_directory, "implementations", "run"));
        ImplementationCatalog.Resolve("other.json", _directory, "/h")!.Name.Should().Be("other");
        ImplementationCatalog.Known(_directory).Should().Equal("engine", "deviant", "shim");
    }

    [Test]
    public void An_unknown_name_is_not_found_and_the_message_lists_the_known_ones()
    {
        Action resolve = () => ImplementationCatalog.Resolve("libfoo", _directory, "/h");

        resolve.Should().Throw<ImplementationConfigException>()
            .Where(e => e.Code == ImplementationConfigException.NotFoundCode)
            .WithMessage("*no implementation 'libfoo'*engine, deviant, shim*");
    }

    [Test]
    public void Every_config_of_the_repository_is_valid()
    {
        string[] configs = Directory.GetFiles(Path.Combine(SharedPaths.RepoRoot, "implementations"), "*.json");

        configs.Should().Contain(c => c.EndsWith("python-skeleton.json", StringComparison.Ordinal));
        foreach (string config in configs)
        {
            DeviceImplementation impl = ImplementationConfig.Load(config, "/h");
            impl.Name.Should().Be(Path.GetFileNameWithoutExtension(config), "a config is found by its file's name, so the two agree");
            foreach (KnownDeviation deviation in impl.Deviations)
            {
                deviation.Scenarios.Should().OnlyContain(s => BuiltInCatalog.Find(s) != null, $"{config}: {deviation.Name} names catalog scenarios");
            }
        }
    }
}
