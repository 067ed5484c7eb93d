namespace Pipeline.Reporting.Html;

/// <summary>One run of the build's plan: its target and stage, what happened (<c>ran</c>, <c>cached</c>, ...), how long it took, and a free-text detail (its key, say).</summary>
public sealed record PlanRow(string Target, string Stage, string Status, TimeSpan? Duration, string Detail);
