using Pipeline.Config.Binding;

namespace Pipeline.Cli;

/// <summary>Close-match suggestions for mistyped names (optimal string alignment distance, case-insensitive).</summary>
public static class ClosestMatch
{
    public static string? Find(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Suggestions.Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Accept up to a third of the word as edits: "Ensmble" -> "Ensemble", not "X" -> "Tta".
        return best is not null && bestDistance <= Math.Max(1, input.Length / 3) ? best : null;
    }
}
