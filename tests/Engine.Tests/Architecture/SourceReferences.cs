using System.Text.RegularExpressions;

namespace E2eeConformance.Engine.Tests.Architecture;

/// <summary>
/// Adds to a <see cref="NamespaceGraph"/> what the compiled assembly cannot show: a constant is copied into the IL that
/// reads it, so a namespace that only reads another's <c>const</c> leaves no trace in metadata. The sources show it as
/// a <c>using</c> directive or a qualified name (<c>Sessions.ProtocolLimits</c>), doc comments included: a doc
/// reference to a higher layer is a dependency too.
/// </summary>
internal static class SourceReferences
{
    /// <summary>Scans every C# file under <paramref name="sourceDirectory"/> (bin and obj skipped).</summary>
    public static void AddTo(NamespaceGraph graph, string sourceDirectory, string root = NamespaceGraph.EngineRoot)
    {
        string escapedRoot = Regex.Escape(root);
        var declared = new Regex($@"^namespace {escapedRoot}(\w+)", RegexOptions.Multiline);
        var imported = new Regex($@"^using\s+(?:static\s+)?(?:\w+\s*=\s*)?{escapedRoot}(\w+)", RegexOptions.Multiline);
        var qualified = new Regex($@"(?<![\w.])(?:{escapedRoot})?(\w+)\.(\w+)\b");
        foreach (string file in Directory.EnumerateFiles(sourceDirectory, "*.cs", SearchOption.AllDirectories).Where(IsSource))
        {
            string text = File.ReadAllText(file);
            if (declared.Match(text) is not { Success: true } ns)
            {
                continue;
            }

            string from = ns.Groups[1].Value;
            string name = Path.GetRelativePath(sourceDirectory, file).Replace('\\', '/');
            foreach (Match use in imported.Matches(text).Where(use => use.Groups[1].Value != from))
            {
                graph.Add(from, use.Groups[1].Value, $"{name} imports {use.Groups[1].Value}");
            }

            foreach (Match use in qualified.Matches(text))
            {
                (string to, string type) = (use.Groups[1].Value, use.Groups[2].Value);
                if (to != from && graph.Declares(to, type))
                {
                    graph.Add(from, to, $"{name} names {to}.{type}");
                }
            }
        }
    }

    private static bool IsSource(string file) =>
        !file.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
