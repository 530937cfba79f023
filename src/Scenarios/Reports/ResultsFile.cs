using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using E2eeConformance.Scenarios.Running;

namespace E2eeConformance.Scenarios.Reports;

/// <summary>
/// <c>results.json</c>: the machine-readable record of a run (<see cref="Format"/>), written beside the other reports
/// and read back by <c>report merge</c> and other tools. The schema is described in <c>reports/README.md</c>: a
/// <c>format</c> string, a <c>run</c> object (seed, start, duration, tool version, shard, plan size) and a <c>runs</c>
/// array with one record per scenario × suite × seed (outcome word, duration, failed step, reason, tags, description;
/// for a failure also the transcript and the diagram events). Seeds are decimal strings, since a 64-bit seed does not
/// fit a JSON number that every reader takes exactly.
/// </summary>
public static class ResultsFile
{
    /// <summary>The value of the <c>format</c> field; a new major version gets a new string.</summary>
    public const string Format = "e2ee-conformance/results-v1";

    /// <summary>The file's name in a report directory.</summary>
    public const string FileName = "results.json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file, never embedded in HTML: keep non-ASCII text readable
    };

    /// <summary>Writes <paramref name="document"/> as <see cref="FileName"/> into <paramref name="directory"/> (created if missing) and returns the file's full path.</summary>
    public static string WriteTo(ResultsFileDocument document, string directory)
    {
        ArgumentNullException.ThrowIfNull(document);
        string root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);
        string path = Path.Combine(root, FileName);
        using FileStream stream = File.Create(path);
        Write(document, stream);
        return path;
    }

    /// <summary>Writes <paramref name="document"/> as UTF-8 JSON (with a final newline) to <paramref name="stream"/>; the stream stays open.</summary>
    public static void Write(ResultsFileDocument document, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(stream);
        using (Utf8JsonWriter json = new(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            WriteRun(json, document.Run);
            json.WriteStartArray("runs");
            foreach (ResultsFileRecord record in document.Records)
            {
                WriteRecord(json, record);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    /// <summary>The document as a string (what <see cref="Write"/> writes).</summary>
    public static string Render(ResultsFileDocument document)
    {
        using MemoryStream buffer = new();
        Write(document, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a results file, or the <see cref="FileName"/> in a directory; every problem is a <see cref="ResultsFileException"/>.</summary>
    public static ResultsFileDocument Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file))
        {
            throw new ResultsFileException(
                ResultsFileException.NotFoundCode,
                Directory.Exists(path) ? $"{path}: the directory holds no {FileName}" : $"{path}: no such file or directory");
        }

        return Parse(File.ReadAllText(file, Encoding.UTF8), file);
    }

    /// <summary>Parses a results document; <paramref name="source"/> names it in error messages.</summary>
    public static ResultsFileDocument Parse(string json, string source) => ResultsFileReader.Parse(json, source);

    /// <summary>The word a diagram event's kind is written as ("request", "delivery", "fault", "note").</summary>
    public static string KindWord(DiagramEventKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>A duration in milliseconds, rounded to the microsecond.</summary>
    public static double Milliseconds(TimeSpan duration) => Math.Round(duration.TotalMilliseconds, 3);

    private static void WriteRun(Utf8JsonWriter json, ResultsFileRun run)
    {
        json.WriteStartObject("run");
        json.WriteString("tool_version", run.ToolVersion);
        WriteSeed(json, "seed", run.Seed);
        json.WriteBoolean("seed_random", run.SeedRandom);
        json.WriteNumber("seeds", run.Seeds);
        json.WriteString("started", run.Started.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
        json.WriteNumber("duration_ms", Milliseconds(run.Duration));
        if (run.Shard is { } shard)
        {
            json.WritePropertyName("shard");
            WriteShard(json, shard);
        }
        else
        {
            json.WriteNull("shard");
        }

        json.WriteNumber("plan_size", run.PlanSize);
        json.WriteStartArray("merged_shards");
        foreach (ResultsFileShard merged in run.MergedShards)
        {
            WriteShard(json, merged);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteShard(Utf8JsonWriter json, ResultsFileShard shard)
    {
        json.WriteStartObject();
        json.WriteNumber("index", shard.Index);
        json.WriteNumber("count", shard.Count);
        json.WriteEndObject();
    }

    private static void WriteRecord(Utf8JsonWriter json, ResultsFileRecord record)
    {
        ScenarioResult result = record.Result;
        json.WriteStartObject();
        json.WriteNumber("index", record.Index);
        json.WriteString("scenario", result.Scenario);
        json.WriteString("suite", result.Suite);
        if (result.Protocol != Model.Scenario.DefaultProtocol)
        {
            json.WriteString("protocol", result.Protocol);
        }

        if (result.Implementation.Length > 0)
        {
            json.WriteString("implementation", result.Implementation);
        }

        WriteSeed(json, "seed", result.Seed);
        json.WriteString("outcome", result.Outcome.Word());
        json.WriteNumber("duration_ms", Milliseconds(result.Duration));
        json.WriteString("failed_step", result.FailedStep);
        json.WriteString("reason", result.Reason);
        json.WriteStartArray("tags");
        foreach (string tag in result.Tags)
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
        json.WriteString("description", result.Description);
        if (record.File is { } file)
        {
            json.WriteString("file", file);
        }
        else
        {
            json.WriteNull("file");
        }

        json.WriteString("source", result.SourceFile);

        if (result.Outcome == ScenarioOutcome.Fail)
        {
            json.WriteString("transcript", result.Transcript);
            json.WriteStartArray("diagram");
            foreach (DiagramEvent e in result.Diagram)
            {
                json.WriteStartObject();
                json.WriteString("kind", KindWord(e.Kind));
                json.WriteString("from", e.From);
                json.WriteString("to", e.To);
                json.WriteString("label", e.Label);
                json.WriteString("outcome", e.Outcome);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteSeed(Utf8JsonWriter json, string name, ulong? seed)
    {
        if (seed is { } value)
        {
            json.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
