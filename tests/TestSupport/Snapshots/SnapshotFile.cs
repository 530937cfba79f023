using System.Globalization;
using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace E2eeConformance.TestSupport.Snapshots;

/// <summary>
/// Snapshot comparison with Verify's conventions (<c>*.verified.txt</c> is committed, <c>*.received.txt</c> is written on
/// a mismatch and deleted on a match), kept in-house because Verify.NUnit is not available here.
/// Text is compared after normalising line endings to "\n" and ending it with a single "\n"; files are UTF-8 without BOM.
/// </summary>
public static class SnapshotFile
{
    /// <summary>Unchanged lines shown before and after each change in the diff.</summary>
    public const int ContextLines = 3;

    /// <summary>The diff is cut after this many lines.</summary>
    public const int MaxDiffLines = 200;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Compares <paramref name="actual"/> with <c>&lt;directory&gt;/&lt;name&gt;.verified.txt</c>.</summary>
    /// <param name="directory">The folder holding the snapshot files (created when a file must be written).</param>
    /// <param name="name">The snapshot's name, without extension; no path separators or invalid file name characters.</param>
    /// <param name="actual">The text produced now.</param>
    /// <param name="settings">Accept / CI behaviour, usually <see cref="SnapshotSettings.FromEnvironment"/>.</param>
    /// <exception cref="ArgumentException">The name is empty or not a plain file name.</exception>
    public static SnapshotCheck Check(string directory, string name, string actual, SnapshotSettings settings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(settings);
        ValidateName(name);

        string fullDirectory = Path.GetFullPath(directory);
        string verifiedPath = Path.Combine(fullDirectory, name + ".verified.txt");
        string receivedPath = Path.Combine(fullDirectory, name + ".received.txt");
        string received = Normalise(actual);

        if (!File.Exists(verifiedPath))
        {
            if (settings.Accept)
            {
                Write(verifiedPath, received);
                DeleteIfExists(receivedPath);
                return new SnapshotCheck(SnapshotStatus.Accepted, verifiedPath, receivedPath,
                    $"snapshot accepted (new): {verifiedPath}", string.Empty);
            }

            if (settings.Ci)
            {
                Write(receivedPath, received);
                return new SnapshotCheck(SnapshotStatus.Missing, verifiedPath, receivedPath,
                    $"no snapshot {verifiedPath}; run locally to create it (received written to {receivedPath})", string.Empty);
            }

            Write(verifiedPath, received);
            DeleteIfExists(receivedPath);
            return new SnapshotCheck(SnapshotStatus.Created, verifiedPath, receivedPath,
                $"snapshot created: {verifiedPath} (first run; review and commit it)", string.Empty);
        }

        string verified = Normalise(File.ReadAllText(verifiedPath, Utf8NoBom));
        if (string.Equals(verified, received, StringComparison.Ordinal))
        {
            DeleteIfExists(receivedPath);
            return new SnapshotCheck(SnapshotStatus.Match, verifiedPath, receivedPath, string.Empty, string.Empty);
        }

        if (settings.Accept)
        {
            Write(verifiedPath, received);
            DeleteIfExists(receivedPath);
            return new SnapshotCheck(SnapshotStatus.Accepted, verifiedPath, receivedPath,
                $"snapshot accepted (overwritten): {verifiedPath}", string.Empty);
        }

        Write(receivedPath, received);
        string message =
            $"snapshot mismatch: {verifiedPath}\n" +
            $"received written to {receivedPath}\n" +
            $"to accept: run with {SnapshotSettings.AcceptVariable}=1 (e.g. {SnapshotSettings.AcceptVariable}=1 dotnet test ...) " +
            "or copy the received file over the verified one";
        return new SnapshotCheck(SnapshotStatus.Mismatch, verifiedPath, receivedPath, message, BuildDiff(verified, received));
    }

    /// <summary>
    /// Normalises text as stored on disk: BOM removed, "\r\n" and "\r" turned into "\n", trailing newlines collapsed
    /// into exactly one.
    /// </summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string result = text;
        if (result.Length > 0 && result[0] == '\uFEFF')
        {
            result = result[1..];
        }

        result = result.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return result.TrimEnd('\n') + "\n";
    }

    /// <summary>
    /// A unified-style line diff of two normalised texts: "  " unchanged, "- " only in <paramref name="verified"/>,
    /// "+ " only in <paramref name="received"/>; each hunk starts with "@@ line N @@" (N = 1-based line in the
    /// verified text) and keeps <see cref="ContextLines"/> unchanged lines around changes; at most
    /// <see cref="MaxDiffLines"/> lines.
    /// </summary>
    public static string BuildDiff(string verified, string received)
    {
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(received);

        // Diff without the final "\n" so the chunker does not report an empty last line.
        var builder = new InlineDiffBuilder(new Differ());
        DiffPaneModel model = builder.BuildDiffModel(
            verified.TrimEnd('\n'), received.TrimEnd('\n'), ignoreWhitespace: false, ignoreCase: false, LineChunker.Instance);

        // Each diff line with its 1-based line number in the verified text (for a '+' line: the verified line it precedes).
        var lines = new List<(char Kind, string Text, int VerifiedLine)>(model.Lines.Count);
        int verifiedLine = 1;
        foreach (DiffPiece piece in model.Lines)
        {
            switch (piece.Type)
            {
                case ChangeType.Unchanged:
                    lines.Add((' ', piece.Text ?? string.Empty, verifiedLine));
                    verifiedLine++;
                    break;
                case ChangeType.Deleted:
                    lines.Add(('-', piece.Text ?? string.Empty, verifiedLine));
                    verifiedLine++;
                    break;
                case ChangeType.Inserted:
                    lines.Add(('+', piece.Text ?? string.Empty, verifiedLine));
                    break;
                default:
                    // InlineDiffBuilder emits no Imaginary/Modified pieces; ignore them if a future version does.
                    break;
            }
        }

        // Mark the unchanged lines within ContextLines of a change.
        bool[] keep = new bool[lines.Count];
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Kind == ' ')
            {
                continue;
            }

            int from = Math.Max(0, i - ContextLines);
            int to = Math.Min(lines.Count - 1, i + ContextLines);
            for (int j = from; j <= to; j++)
            {
                keep[j] = true;
            }
        }

        var output = new List<string>();
        bool inHunk = false;
        for (int i = 0; i < lines.Count; i++)
        {
            if (!keep[i])
            {
                inHunk = false;
                continue;
            }

            if (!inHunk)
            {
                output.Add(string.Create(CultureInfo.InvariantCulture, $"@@ line {lines[i].VerifiedLine} @@"));
                inHunk = true;
            }

            output.Add(lines[i].Kind switch
            {
                '-' => "- " + lines[i].Text,
                '+' => "+ " + lines[i].Text,
                _ => "  " + lines[i].Text,
            });
        }

        var text = new StringBuilder();
        int shown = Math.Min(output.Count, MaxDiffLines);
        for (int i = 0; i < shown; i++)
        {
            text.Append(output[i]).Append('\n');
        }

        if (output.Count > MaxDiffLines)
        {
            text.Append(CultureInfo.InvariantCulture, $"... diff truncated: {output.Count - MaxDiffLines} more lines not shown\n");
        }

        return text.ToString();
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\']) >= 0
            || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            || name is "." or ".."
            || !string.Equals(name, name.Trim(), StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"snapshot name '{name}' must be a plain file name (no path separators, invalid characters or surrounding spaces)",
                nameof(name));
        }
    }

    private static void Write(string path, string text)
    {
        string? dir = Path.GetDirectoryName(path);
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllText(path, text, Utf8NoBom);
    }

    private static void DeleteIfExists(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
