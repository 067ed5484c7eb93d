namespace Pipeline.Cli;

/// <summary>A build target, declared NUKE-style as a property of the build class: <c>Target Tta => _ => _.DependsOn(Pseudolabel).Stage();</c></summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);
