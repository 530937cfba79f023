using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// Turns a one-document YAML text into the JSON a schema validator sees, reading plain scalars with the YAML 1.2 core
/// schema (null, true/false, integers, floats; everything else and every quoted scalar is a string). Test-only: the
/// loader reads YAML itself; this is how an editor's YAML support would hand the file to the JSON Schema.
/// </summary>
internal static partial class YamlToJson
{
    /// <summary>The document's root as a <see cref="JsonElement"/>; an empty text gives JSON null.</summary>
    public static JsonElement Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        JsonNode? root = stream.Documents.Count == 0 ? null : Node(stream.Documents[0].RootNode);
        return JsonSerializer.SerializeToElement(root);
    }

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Node)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new ArgumentException($"unsupported YAML node {node.NodeType} at {node.Start}", nameof(node)),
    };

    private static JsonObject Mapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach ((YamlNode key, YamlNode value) in mapping.Children)
        {
            string name = key is YamlScalarNode { Value: { } text }
                ? text
                : throw new ArgumentException($"a mapping key that is not a scalar at {key.Start}", nameof(mapping));
            result.Add(name, Node(value));
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        string text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain || IsExplicitString(scalar.Tag))
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text.StartsWith('t') || text.StartsWith('T'));
        }

        if (IntegerPattern().IsMatch(text))
        {
            BigInteger value = BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            return value >= long.MinValue && value <= long.MaxValue ? JsonValue.Create((long)value)
                : value >= 0 && value <= ulong.MaxValue ? JsonValue.Create((ulong)value)
                : JsonNode.Parse(text);
        }

        return FloatPattern().IsMatch(text)
            ? JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture))
            : JsonValue.Create(text);
    }

    private static bool IsExplicitString(TagName tag) =>
        !tag.IsEmpty && !tag.IsNonSpecific && tag.Value == "tag:yaml.org,2002:str";

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
