using CsvHelper;

namespace Pipeline.Data.Sources;

/// <summary>
/// A small CSV file read whole with CsvHelper: named columns looked up in the header
/// (case-insensitive, trimmed), each row with the 1-based line it starts on. BOM, CRLF,
/// blank lines and quoted fields (commas, quotes, line breaks) are handled by CsvHelper.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(string path, IReadOnlyList<Row> rows) => (Path, Rows) = (path, rows);

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Data rows (not the header), with the requested columns only.</summary>
    public IReadOnlyList<Row> Rows { get; }

    /// <summary>A row: its values, in the order of the requested columns, and the line it starts on.</summary>
    public sealed record Row(int Line, IReadOnlyList<string> Values);

    /// <summary>
    /// Reads <paramref name="path"/>, which must have every column in <paramref name="columns"/>;
    /// problems (missing columns, an empty file) are added to <paramref name="problems"/> and null is returned.
    /// </summary>
    public static CsvTable? Read(string path, IReadOnlyList<string> columns, List<string> problems)
    {
        var options = new CsvReaderOptions
        {
            // Set, not detected: a one-column file (test.csv) gives detection nothing to go on.
            Separator = ',',
            HasHeader = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        try
        {
            using var csv = CsvReader.FromFile(path, options);
            var header = csv.Headers.ToArray();
            if (header.Length == 0 || header.All(h => h.Trim().Length == 0))
            {
                problems.Add($"{path}: the file is empty; expected a header with {string.Join(",", columns)}");
                return null;
            }

            var indices = new int[columns.Count];
            var missing = new List<string>();
            for (int c = 0; c < columns.Count; c++)
            {
                indices[c] = Array.FindIndex(header, h => string.Equals(h.Trim(), columns[c], StringComparison.OrdinalIgnoreCase));
                if (indices[c] < 0)
                {
                    missing.Add(columns[c]);
                }
            }
            if (missing.Count > 0)
            {
                var names = string.Join(", ", missing.Select(m => $"'{m}'"));
                problems.Add($"{path}:{HeaderLine(path)}: missing column {names} (the header is: {string.Join(",", header)})");
                return null;
            }

            var rows = new List<Row>();
            while (csv.Read())
            {
                var values = new string[columns.Count];
                for (int c = 0; c < columns.Count; c++)
                {
                    values[c] = indices[c] < csv.FieldCount ? (csv.GetString(indices[c]) ?? "").Trim() : "";
                }

                rows.Add(new Row((int)csv.LineNumber, values));
            }
            return new CsvTable(path, rows);
        }
        catch (CsvFormatException e)
        {
            problems.Add($"{path}:{e.LineNumber}: malformed CSV ({e.Message})");
            return null;
        }
    }

    // The header is the first non-empty line; a file may start with blank lines.
    private static int HeaderLine(string path)
    {
        int line = 1;
        foreach (var text in File.ReadLines(path))
        {
            if (text.Trim().Length > 0)
            {
                return line;
            }

            line++;
        }
        return 1;
    }
}
