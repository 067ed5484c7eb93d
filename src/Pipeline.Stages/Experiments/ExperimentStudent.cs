namespace Pipeline.Stages.Experiments;

/// <summary>The pseudolabel student (<c>role: student</c>): teacher, selection rule, model and training from its file.</summary>
public sealed record ExperimentStudent(string Name, string File, PseudolabelConfig Config);
