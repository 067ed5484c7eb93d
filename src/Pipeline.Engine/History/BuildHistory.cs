using System.Text;
using System.Text.Json;

namespace Pipeline.Engine;

/// <summary>
/// <c>history.jsonl</c> in an experiment's artifacts folder: one <see cref="BuildRecord"/> per line, oldest first.
/// A build appends its line with one write to a file opened for appending, flushed to disk, so concurrent writers
/// never interleave and a crash can only leave the last line torn. Reading reports a torn or damaged line with its
/// line number and goes on; it never drops one silently.
/// </summary>
public static class BuildHistory
{
    /// <summary>The file name inside the artifacts folder.</summary>
    public const string FileName = "history.jsonl";

    /// <summary>The history file of an artifacts folder.</summary>
    public static string PathOf(ArtifactLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Path.Combine(layout.Root, FileName);
    }

    /// <summary>Appends one record.</summary>
    public static void Append(string path, BuildRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = JsonSerializer.Serialize(record, HistoryJsonContext.Lines.BuildRecord);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        // A line torn by a crash must not swallow this record: start on a fresh line.
        var prefix = stream.Length > 0 && !EndsWithNewline(path) ? "\n" : "";
        stream.Write(Encoding.UTF8.GetBytes(prefix + line + "\n"));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Every readable record, oldest first, and a message (<c>file:line: ...</c>) for each line that is not one.</summary>
    public static (IReadOnlyList<BuildRecord> Records, IReadOnlyList<string> Problems) Read(string path)
    {
        var records = new List<BuildRecord>();
        var problems = new List<string>();
        if (!File.Exists(path))
        {
            return (records, problems);
        }

        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                var record = JsonSerializer.Deserialize(line, HistoryJsonContext.Lines.BuildRecord);
                if (record is null || record.Version != BuildRecord.CurrentVersion || string.IsNullOrEmpty(record.Id))
                {
                    problems.Add($"{path}:{number}: not a build record of format version {BuildRecord.CurrentVersion}; skipped");
                    continue;
                }

                records.Add(record);
            }
            catch (JsonException e)
            {
                problems.Add($"{path}:{number}: unreadable build record ({e.Message}); skipped");
            }
        }

        return (records, problems);
    }

    private static bool EndsWithNewline(string path)
    {
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (reader.Length == 0)
        {
            return true;
        }

        reader.Seek(-1, SeekOrigin.End);
        return reader.ReadByte() == '\n';
    }
}
