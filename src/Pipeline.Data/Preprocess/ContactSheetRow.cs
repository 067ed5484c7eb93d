namespace Pipeline.Data.Preprocess;

/// <summary>One row of the contact sheet: a class and the ids of the images shown, left to right.</summary>
public sealed record ContactSheetRow(string ClassName, IReadOnlyList<string> Ids);
