namespace Pipeline.Tests.Config;

public enum OptimizerKind
{
    Sgd,
    Adam,
    RmsProp,
}
