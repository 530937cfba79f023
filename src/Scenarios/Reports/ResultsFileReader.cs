using System.Globalization;
using System.Text.Json;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// Reads a <c>results.json</c> (<see cref="ResultsFile.Format"/>) strictly: every required field present with its type,
/// outcomes and diagram kinds from their word lists, no run listed twice. Errors name the file and the JSON path
/// (<c>runs[3].outcome</c>). Unknown fields are ignored, so a later minor addition still reads.
/// </summary>
internal sealed class ResultsFileReader
{
    private readonly string _source;

    private ResultsFileReader(string source) => _source = source;

    public static ResultsFileDocument Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        ResultsFileReader reader = new(source);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            return reader.Document(document.RootElement);
        }
        catch (JsonException e)
        {
            string at = e.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, byte {(e.BytePositionInLine ?? 0) + 1}")
                : "";
            throw new ResultsFileException(ResultsFileException.MalformedJsonCode, $"{source}: not valid JSON{at}", e);
        }
    }

    private ResultsFileDocument Document(JsonElement root)
    {
        Expect(root, JsonValueKind.Object, "the document");
        string format = root.TryGetProperty("format", out JsonElement f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : "";
        if (format != ResultsFile.Format)
        {
            throw Error(
                ResultsFileException.UnknownFormatCode,
                $"format is {(format.Length == 0 ? "missing" : $"'{format}'")}, expected '{ResultsFile.Format}'");
        }

        ResultsFileRun run = Run(Field(root, "run", JsonValueKind.Object, "run"));
        JsonElement runs = Field(root, "runs", JsonValueKind.Array, "runs");
        List<ResultsFileRecord> records = [];
        Dictionary<(string, string, ulong, string, string), int> seen = [];
        int i = 0;
        foreach (JsonElement element in runs.EnumerateArray())
        {
            ResultsFileRecord record = Record(element, $"runs[{i.ToString(CultureInfo.InvariantCulture)}]");
            ScenarioResult r = record.Result;
            if (!seen.TryAdd((r.Scenario, r.Suite, r.Seed, r.Implementation, r.Protocol), i))
            {
                throw Error(
                    ResultsFileException.DuplicateRecordCode,
                    string.Create(CultureInfo.InvariantCulture, $"runs[{seen[(r.Scenario, r.Suite, r.Seed, r.Implementation, r.Protocol)]}] and runs[{i}] are both {r.Scenario} [{ReportFormat.Column(r)}] seed {r.Seed}"));
            }

            records.Add(record);
            i++;
        }

        return new ResultsFileDocument(run, records);
    }

    private ResultsFileRun Run(JsonElement run)
    {
        JsonElement shard = Field(run, "shard", null, "run.shard");
        JsonElement merged = Field(run, "merged_shards", JsonValueKind.Array, "run.merged_shards");
        string started = String(run, "started", "run.started");
        if (!DateTimeOffset.TryParse(started, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset start))
        {
            throw Error(ResultsFileException.BadValueCode, $"run.started is '{started}', not a date and time");
        }

        return new ResultsFileRun(
            OptionalSeed(run, "seed", "run.seed"),
            Field(run, "seed_random", null, "run.seed_random").ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error(ResultsFileException.BadValueCode, "run.seed_random is not true or false"),
            },
            Int(run, "seeds", "run.seeds", minimum: 1),
            start,
            Duration(run, "run.duration_ms"),
            String(run, "tool_version", "run.tool_version"),
            shard.ValueKind == JsonValueKind.Null ? null : Shard(shard, "run.shard"),
            Int(run, "plan_size", "run.plan_size", minimum: 0),
            [.. merged.EnumerateArray().Select((s, k) => Shard(s, $"run.merged_shards[{k.ToString(CultureInfo.InvariantCulture)}]"))]);
    }

    private ResultsFileShard Shard(JsonElement shard, string path)
    {
        Expect(shard, JsonValueKind.Object, path);
        int count = Int(shard, "count", path + ".count", minimum: 1);
        int index = Int(shard, "index", path + ".index", minimum: 1);
        return index <= count
            ? new ResultsFileShard(index, count)
            : throw Error(ResultsFileException.BadValueCode, string.Create(CultureInfo.InvariantCulture, $"{path} is {index}/{count}: the index is past the count"));
    }

    private ResultsFileRecord Record(JsonElement record, string path)
    {
        Expect(record, JsonValueKind.Object, path);
        string word = String(record, "outcome", path + ".outcome");
        ScenarioOutcome outcome = Enum.GetValues<ScenarioOutcome>().Cast<ScenarioOutcome?>()
            .FirstOrDefault(o => string.Equals(o!.Value.Word(), word, StringComparison.OrdinalIgnoreCase))
            ?? throw Error(ResultsFileException.BadValueCode, $"{path}.outcome is '{word}', expected one of {string.Join(", ", Enum.GetValues<ScenarioOutcome>().Select(o => o.Word()))}");
        bool failed = outcome == ScenarioOutcome.Fail;
        JsonElement tags = Field(record, "tags", JsonValueKind.Array, path + ".tags");
        JsonElement file = Field(record, "file", null, path + ".file");
        ScenarioResult result = new(
            String(record, "scenario", path + ".scenario"),
            String(record, "suite", path + ".suite"),
            OptionalSeed(record, "seed", path + ".seed") ?? throw Error(ResultsFileException.BadValueCode, $"{path}.seed is null"),
            outcome,
            String(record, "reason", path + ".reason"),
            String(record, "failed_step", path + ".failed_step"),
            failed ? String(record, "transcript", path + ".transcript") : "",
            failed ? Diagram(Field(record, "diagram", JsonValueKind.Array, path + ".diagram"), path + ".diagram") : [],
            Duration(record, path + ".duration_ms"),
            [.. tags.EnumerateArray().Select((t, k) => StringValue(t, $"{path}.tags[{k.ToString(CultureInfo.InvariantCulture)}]"))],
            String(record, "description", path + ".description"))
        {
            SourceFile = record.TryGetProperty("source", out JsonElement source) && source.ValueKind != JsonValueKind.Null ? StringValue(source, path + ".source") : "",
            Implementation = record.TryGetProperty("implementation", out JsonElement implementation) ? StringValue(implementation, path + ".implementation") : "",
            Protocol = record.TryGetProperty("protocol", out JsonElement protocol) ? StringValue(protocol, path + ".protocol") : Model.Scenario.DefaultProtocol,
        };
        return new ResultsFileRecord(
            Int(record, "index", path + ".index", minimum: 0),
            result,
            file.ValueKind == JsonValueKind.Null ? null : StringValue(file, path + ".file"));
    }

    private List<DiagramEvent> Diagram(JsonElement events, string path)
    {
        List<DiagramEvent> diagram = [];
        int i = 0;
        foreach (JsonElement e in events.EnumerateArray())
        {
            string at = $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]";
            Expect(e, JsonValueKind.Object, at);
            string word = String(e, "kind", at + ".kind");
            DiagramEventKind kind = Enum.GetValues<DiagramEventKind>().Cast<DiagramEventKind?>()
                .FirstOrDefault(k => ResultsFile.KindWord(k!.Value) == word)
                ?? throw Error(ResultsFileException.BadValueCode, $"{at}.kind is '{word}', expected one of {string.Join(", ", Enum.GetValues<DiagramEventKind>().Select(ResultsFile.KindWord))}");
            diagram.Add(new DiagramEvent(kind, String(e, "from", at + ".from"), String(e, "to", at + ".to"), String(e, "label", at + ".label"), String(e, "outcome", at + ".outcome")));
            i++;
        }

        return diagram;
    }

    private TimeSpan Duration(JsonElement parent, string path)
    {
        JsonElement value = Field(parent, "duration_ms", JsonValueKind.Number, path);
        return value.TryGetDouble(out double ms) && ms >= 0 && ms < TimeSpan.MaxValue.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(ms)
            : throw Error(ResultsFileException.BadValueCode, $"{path} is {value.GetRawText()}, not a duration in milliseconds");
    }

    private ulong? OptionalSeed(JsonElement parent, string name, string path)
    {
        JsonElement value = Field(parent, name, null, path);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        string text = StringValue(value, path);
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)
            ? seed
            : throw Error(ResultsFileException.BadValueCode, $"{path} is '{text}', not a decimal seed from 0 to {ulong.MaxValue.ToString(CultureInfo.InvariantCulture)}");
    }

    private int Int(JsonElement parent, string name, string path, int minimum)
    {
        JsonElement value = Field(parent, name, JsonValueKind.Number, path);
        return value.TryGetInt32(out int n) && n >= minimum
            ? n
            : throw Error(ResultsFileException.BadValueCode, $"{path} is {value.GetRawText()}, expected a whole number of at least {minimum.ToString(CultureInfo.InvariantCulture)}");
    }

    private string String(JsonElement parent, string name, string path) => StringValue(Field(parent, name, JsonValueKind.String, path), path);

    private string StringValue(JsonElement value, string path)
    {
        Expect(value, JsonValueKind.String, path);
        return value.GetString()!;
    }

    /// <summary>A required field, of the given kind (any kind when null).</summary>
    private JsonElement Field(JsonElement parent, string name, JsonValueKind? kind, string path)
    {
        if (!parent.TryGetProperty(name, out JsonElement value))
        {
            throw Error(ResultsFileException.MissingFieldCode, $"{path} is missing");
        }

        if (kind is { } expected)
        {
            Expect(value, expected, path);
        }

        return value;
    }

    private void Expect(JsonElement value, JsonValueKind kind, string path)
    {
        if (value.ValueKind != kind)
        {
            throw Error(ResultsFileException.BadValueCode, $"{path} is {Describe(value.ValueKind)}, expected {Describe(kind)}");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private ResultsFileException Error(string code, string message) => new(code, $"{_source}: {message}");
}
