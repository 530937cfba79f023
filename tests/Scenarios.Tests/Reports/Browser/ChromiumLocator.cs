namespace E2eeConformance.Scenarios.Tests.Reports.Browser;

/// <summary>Finds a Chromium (or Chrome) executable: <c>CHROMIUM_PATH</c> if set, else the usual names on PATH.</summary>
internal static class ChromiumLocator
{
    /// <summary>The environment variable that names the browser's executable.</summary>
    public const string PathVariable = "CHROMIUM_PATH";

    /// <summary>What to do when no browser is found.</summary>
    public const string InstallHint =
        "Chromium was not found: install it (Debian/Ubuntu: apt-get update && apt-get install -y chromium) or set "
        + PathVariable + " to a Chromium or Chrome executable.";

    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell"];

    /// <summary>The executable's path, or null when there is none.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        string[] directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return Names.SelectMany(name => directories.Select(dir => Path.Combine(dir, name))).FirstOrDefault(File.Exists);
    }
}
