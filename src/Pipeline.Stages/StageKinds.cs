namespace Pipeline.Stages;

/// <summary>The stage kinds the stage process knows.</summary>
public static class StageKinds
{
    public const string Synthesize = "synthesize";
    public const string Preprocess = "preprocess";
    public const string Train = "train";
    public const string Pseudolabel = "pseudolabel";
    public const string Tta = "tta";
    public const string Ensemble = "ensemble";
    public const string Preview = "preview";
    public const string Report = "report";
}
