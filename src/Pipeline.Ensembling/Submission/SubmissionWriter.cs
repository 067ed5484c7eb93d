using System.Text;
using CsvHelper;
using Pipeline.Ensembling.Combining;
using Pipeline.Foundation;

namespace Pipeline.Ensembling.Submission;

/// <summary>
/// Writes the competition's <c>submission.csv</c>: header <c>image_id,label</c>, the class name as
/// label, one row per test image in test.csv order, LF line endings, UTF-8 without BOM.
/// </summary>
public static class SubmissionWriter
{
    /// <summary>The header line, exactly as the competition expects it.</summary>
    public const string Header = "image_id,label";

    /// <summary>Rows from an ensemble's test result, in its id order (which is test.csv order).</summary>
    public static IReadOnlyList<SubmissionRow> RowsFrom(EnsembleResult test) =>
        test.Ids.Select((id, row) => new SubmissionRow(id, test.Classes[test.Predicted[row]])).ToArray();

    /// <summary>
    /// The file's text. <paramref name="testIds"/> is test.csv's id column and fixes the row order;
    /// every one of them must appear in <paramref name="rows"/> exactly once, no other id may, and
    /// every label must be one of <paramref name="knownLabels"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A row is duplicated, unknown or missing, or a label is unknown.</exception>
    public static string Render(IReadOnlyList<string> testIds, IReadOnlyList<SubmissionRow> rows, IReadOnlyCollection<string> knownLabels)
    {
        var ordered = Validate(testIds, rows, knownLabels);
        // CsvHelper defaults to RFC 4180's CRLF; the competition's files and our snapshots use LF.
        var options = new CsvWriterOptions { NewLine = "\n", WriteByteOrderMark = false };
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            csv.WriteHeader(["image_id", "label"]);
            foreach (var row in ordered)
            {
                csv.WriteRecord([row.ImageId, row.Label]);
            }
        }
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(buffer.ToArray());
    }

    /// <summary>Validates, renders and writes atomically to <paramref name="path"/> (temporary file, then a move).</summary>
    public static void Write(string path, IReadOnlyList<string> testIds, IReadOnlyList<SubmissionRow> rows, IReadOnlyCollection<string> knownLabels)
    {
        AtomicFile.WriteAllText(path, Render(testIds, rows, knownLabels));
    }

    private static List<SubmissionRow> Validate(IReadOnlyList<string> testIds, IReadOnlyList<SubmissionRow> rows, IReadOnlyCollection<string> knownLabels)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in testIds)
        {
            if (!expected.Add(id))
            {
                throw new InvalidDataException($"Submission: test.csv lists image_id '{id}' twice.");
            }
        }
        var labels = knownLabels.ToHashSet(StringComparer.Ordinal);
        var byId = new Dictionary<string, SubmissionRow>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!expected.Contains(row.ImageId))
            {
                throw new InvalidDataException($"Submission: image_id '{row.ImageId}' is not in test.csv.");
            }

            if (!byId.TryAdd(row.ImageId, row))
            {
                throw new InvalidDataException($"Submission: image_id '{row.ImageId}' has more than one row.");
            }

            if (!labels.Contains(row.Label))
            {
                throw new InvalidDataException(
                    $"Submission: image_id '{row.ImageId}' has label '{row.Label}', which is not a known class ({string.Join(", ", knownLabels)}).");
            }
        }
        var missing = testIds.Where(id => !byId.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"Submission: {missing.Count} test image(s) have no row, first '{missing[0]}'.");
        }

        return testIds.Select(id => byId[id]).ToList();
    }
}
