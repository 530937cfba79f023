namespace E2eeConformance.Cli.Tests;

/// <summary>A fixture whose every test gets a fresh temporary directory (<see cref="Temp"/>), deleted after the test.</summary>
public abstract class CliFixture
{
    private CliHarness? _temp;

    /// <summary>This test's temporary directory of scenario files and reports.</summary>
    internal CliHarness Temp => _temp ?? throw new InvalidOperationException("Temp is set up before each test");

    [SetUp]
    public void CreateTemporaryDirectory() => _temp = new CliHarness();

    [TearDown]
    public void DeleteTemporaryDirectory() => _temp?.Dispose();
}
