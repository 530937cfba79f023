using E2eeConformance.Engine.Crypto;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running.Families;

namespace E2eeConformance.Cli;

/// <summary>A scenario to run and the file it came from (null: the built-in catalog).</summary>
internal sealed record SelectedScenario(Scenario Scenario, string? File);

/// <summary>Turns <c>--scenario</c>, <c>--file</c> and <c>--suite</c> into scenarios and suite names, or a usage error.</summary>
internal static class ScenarioSelection
{
    /// <summary>The whole built-in catalog; a catalog file the loader rejects is a usage error naming it.</summary>
    public static IReadOnlyList<Scenario> Catalog()
    {
        CatalogView view = CatalogView.Load();
        return view.Errors.Count == 0
            ? view.Scenarios
            : throw new UsageException($"the built-in catalog does not load:{Environment.NewLine}{string.Join(Environment.NewLine, view.Errors.Select(e => "  " + e))}");
    }

    /// <summary>Reads scenario files (each once); a missing file is a usage error, a malformed one throws <see cref="ScenarioFormatException"/>.</summary>
    public static IReadOnlyList<SelectedScenario> LoadFiles(IEnumerable<string> paths)
    {
        List<SelectedScenario> loaded = [];
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            if (!seen.Add(Path.GetFullPath(path)))
            {
                continue;
            }

            if (!File.Exists(path))
            {
                throw new UsageException($"no such scenario file: {path}");
            }

            loaded.Add(new SelectedScenario(ScenarioLoader.LoadFile(path), path));
        }

        return loaded;
    }

    /// <summary>
    /// The scenarios to run, in order: the files' scenarios, then the named catalog scenarios (a name may also name a
    /// file's scenario); with neither names nor files, the whole catalog.
    /// </summary>
    public static IReadOnlyList<SelectedScenario> Select(IReadOnlyList<string> names, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(files);
        List<SelectedScenario> selected = [.. LoadFiles(files)];
        if (names.Count == 0 && files.Count == 0)
        {
            selected.AddRange(Catalog().Select(s => new SelectedScenario(s, null)));
        }

        List<string> unknown = [];
        foreach (string name in names)
        {
            if (selected.Any(s => Same(s.Scenario.Name, name)))
            {
                continue;
            }

            Scenario? found = CatalogView.Load().Scenarios.FirstOrDefault(s => Same(s.Name, name));
            if (found is null)
            {
                unknown.Add(name);
            }
            else
            {
                selected.Add(new SelectedScenario(found, null));
            }
        }

        if (unknown.Count > 0)
        {
            CatalogView catalog = CatalogView.Load();
            IEnumerable<string> known = selected.Where(s => s.File is not null).Select(s => s.Scenario.Name).Concat(catalog.Scenarios.Select(s => s.Name));
            throw new UsageException(
                $"unknown scenario{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(n => $"'{n}'"))}; known scenarios:{Environment.NewLine}"
                + string.Join(Environment.NewLine, known.Distinct(StringComparer.Ordinal).Select(n => "  " + n))
                + string.Concat(catalog.Errors.Select(e => $"{Environment.NewLine}(a catalog file does not load: {e})")));
        }

        IGrouping<string, SelectedScenario>? twice = selected.GroupBy(s => s.Scenario.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return twice is null
            ? selected
            : throw new UsageException($"two scenarios are named {twice.Key}: {string.Join(" and ", twice.Select(s => s.File ?? "the built-in catalog"))}");
    }

    /// <summary>
    /// The <c>--suite</c> names normalised to the harness's names (null when none were given: every suite). A name
    /// must be a named suite, a pack id, or a suite a selected scenario lists (which may be unimplemented).
    /// </summary>
    public static IReadOnlyList<string>? Suites(IReadOnlyList<string> requested, IEnumerable<Scenario> scenarios)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(scenarios);
        if (requested.Count == 0)
        {
            return null;
        }

        List<string> listed = [.. scenarios.SelectMany(s => s.Suites).Distinct(StringComparer.OrdinalIgnoreCase)];
        List<string> suites = [];
        List<string> unknown = [];
        foreach (string name in requested)
        {
            if (CipherSuite.TryParse(name, out CipherSuite? suite))
            {
                suites.Add(suite.Name);
            }
            else if (ProtocolFamilies.OwnerOfSuite(name) is { } family)
            {
                suites.Add(family.Suites.First(s => Same(s, name)));
            }
            else if (listed.FirstOrDefault(l => Same(l, name)) is { } other)
            {
                suites.Add(other);
            }
            else
            {
                unknown.Add(name);
            }
        }

        if (unknown.Count > 0)
        {
            IEnumerable<string> known = ProtocolFamilies.All.SelectMany(f => f.Suites).Concat(listed).Distinct(StringComparer.OrdinalIgnoreCase);
            throw new UsageException(
                $"unknown suite{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(n => $"'{n}'"))}; known suites: {string.Join(", ", known)} (or a 0x pack id)");
        }

        return [.. suites.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The <c>--protocol</c> names, each a known family (a usage error otherwise).</summary>
    public static IReadOnlyList<string> Protocols(IReadOnlyList<string> requested)
    {
        string[] unknown = [.. requested.Where(n => ProtocolFamilies.Find(n) is null)];
        return unknown.Length == 0
            ? [.. requested.Distinct(StringComparer.Ordinal)]
            : throw new UsageException($"unknown protocol{(unknown.Length == 1 ? "" : "s")} {string.Join(", ", unknown.Select(n => $"'{n}'"))}; known: {string.Join(", ", ProtocolFamilies.Names)}");
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
