namespace Pipeline.Stages;

/// <summary>The names of the models the pipeline trains, as used in run ids, prediction files and ensemble members.</summary>
public static class ModelNames
{
    public const string Inception = "inception";
    public const string Resnet = "resnet";
    public const string Student = "student";
}
