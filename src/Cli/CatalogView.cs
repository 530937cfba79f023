using E2eeConformance.Scenarios;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Cli;

/// <summary>
/// The built-in catalog as the commands see it: <see cref="BuiltInCatalog.Scenarios"/> when it loads; when it does not
/// (a file the loader rejects), the files that do load, one by one, and the errors of those that do not — so a
/// scenario named on the command line still runs while another catalog file is broken.
/// </summary>
internal sealed class CatalogView
{
    private static readonly Lazy<CatalogView> Instance = new(Read);

    private CatalogView(IReadOnlyList<Scenario> scenarios, IReadOnlyList<string> errors)
    {
        Scenarios = scenarios;
        Errors = errors;
    }

    /// <summary>The scenarios that load, in file-name order.</summary>
    public IReadOnlyList<Scenario> Scenarios { get; }

    /// <summary>Why the catalog does not load as a whole (file:line:column messages); empty when it does.</summary>
    public IReadOnlyList<string> Errors { get; }

    public static CatalogView Load() => Instance.Value;

    private static CatalogView Read()
    {
        try
        {
            return new CatalogView(BuiltInCatalog.Scenarios, []);
        }
        catch (ScenarioFormatException)
        {
            return FileByFile();
        }
        catch (InvalidOperationException whole)
        {
            CatalogView files = FileByFile();
            return new CatalogView(files.Scenarios, [.. files.Errors, whole.Message]);
        }
    }

    private static CatalogView FileByFile()
    {
        List<Scenario> scenarios = [];
        List<string> errors = [];
        foreach (string file in BuiltInCatalog.FileNames)
        {
            try
            {
                scenarios.Add(BuiltInCatalog.Parse(file));
            }
            catch (ScenarioFormatException e)
            {
                errors.Add(e.Message);
            }
        }

        return new CatalogView(scenarios, errors);
    }
}
