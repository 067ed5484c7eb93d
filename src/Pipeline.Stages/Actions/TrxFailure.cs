namespace Pipeline.Stages.Actions;

/// <summary>A test that did not pass: its name, TRX outcome (<c>Failed</c>, <c>Timeout</c>, ...), error message and stack trace.</summary>
public sealed record TrxFailure(string TestName, string Outcome, string Message, string StackTrace);
