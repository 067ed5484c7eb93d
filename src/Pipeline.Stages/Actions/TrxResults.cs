using System.Xml;
using System.Xml.Linq;

namespace Pipeline.Stages.Actions;

/// <summary>
/// The results of a <c>dotnet test</c> run, read from its TRX file (the Visual Studio test results format that
/// <c>--logger trx</c> writes): one <c>UnitTestResult</c> per test, with its outcome, and for a failed test its
/// error message and stack trace.
/// </summary>
public sealed record TrxResults(int Passed, int Failed, int Skipped, IReadOnlyList<TrxFailure> Failures)
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public int Total => Passed + Failed + Skipped;

    /// <summary>Reads a TRX file.</summary>
    /// <exception cref="InvalidDataException">The file is not a TRX document.</exception>
    public static TrxResults Read(string path)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(path);
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{path}: not a TRX file ({e.Message})", e);
        }

        if (document.Root?.Name != Ns + "TestRun")
        {
            throw new InvalidDataException($"{path}: not a TRX file (its root is <{document.Root?.Name.LocalName}>, expected <TestRun>)");
        }

        int passed = 0, failed = 0, skipped = 0;
        var failures = new List<TrxFailure>();
        foreach (var result in document.Descendants(Ns + "UnitTestResult"))
        {
            var outcome = (string?)result.Attribute("outcome");
            switch (outcome)
            {
                case "Passed":
                    passed++;
                    break;
                case "NotExecuted" or "Inconclusive" or "Pending" or "Disconnected" or "Warning":
                    skipped++;
                    break;
                default:
                    // Failed, Error, Timeout, Aborted: a test that did not pass counts as failed.
                    failed++;
                    var error = result.Element(Ns + "Output")?.Element(Ns + "ErrorInfo");
                    failures.Add(new TrxFailure(
                        (string?)result.Attribute("testName") ?? "(unnamed test)",
                        outcome ?? "(no outcome)",
                        error?.Element(Ns + "Message")?.Value.Trim() ?? "",
                        error?.Element(Ns + "StackTrace")?.Value.Trim() ?? ""));
                    break;
            }
        }

        return new TrxResults(passed, failed, skipped, failures);
    }
}
