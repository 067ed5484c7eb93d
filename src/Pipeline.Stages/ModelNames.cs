namespace Pipeline.Stages;

/// <summary>The names of the default experiment's models, as used in run ids, prediction files and ensemble members, and how a name becomes a target.</summary>
public static class ModelNames
{
    public const string Inception = "inception";
    public const string Resnet = "resnet";
    public const string Student = "student";

    /// <summary>The name in a target's spelling: <c>inception2</c> → <c>Inception2</c>, <c>resnet_a</c> → <c>ResnetA</c>.</summary>
    public static string TargetName(string model) =>
        string.Concat(model.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
