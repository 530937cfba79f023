using System.Text.Json.Nodes;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// The disagreements between a case's recorded outputs and the ones recomputed from its inputs, each named by its path
/// (<c>outputs.steps[2].packet differs</c>), so a failure says which field of which step or twin is wrong.
/// </summary>
internal static class JsonDiff
{
    private const int Shown = 24;

    public static IEnumerable<string> Of(JsonNode? recorded, JsonNode? computed, string path)
    {
        switch (recorded, computed)
        {
            case (JsonObject r, JsonObject c):
                foreach ((string key, JsonNode? value) in c)
                {
                    foreach (string d in r.ContainsKey(key) ? Of(r[key], value, $"{path}.{key}") : [$"{path}.{key} is missing"])
                    {
                        yield return d;
                    }
                }

                foreach (string key in r.Select(kv => kv.Key).Where(k => !c.ContainsKey(k)))
                {
                    yield return $"{path}.{key} is not an output";
                }

                break;
            case (JsonArray r, JsonArray c):
                if (r.Count != c.Count)
                {
                    yield return $"{path} has {r.Count} entries, not {c.Count}";
                }

                for (int i = 0; i < Math.Min(r.Count, c.Count); i++)
                {
                    foreach (string d in Of(r[i], c[i], $"{path}[{i}]"))
                    {
                        yield return d;
                    }
                }

                break;
            default:
                if (!JsonNode.DeepEquals(recorded, computed))
                {
                    yield return $"{path} differs: recorded {Short(recorded)}, computed {Short(computed)}";
                }

                break;
        }
    }

    private static string Short(JsonNode? node)
    {
        string text = node?.ToJsonString() ?? "nothing";
        return text.Length <= Shown ? text : text[..Shown] + "…";
    }
}
