namespace Pipeline.Models;

/// <summary>Builds models from configuration through a registry of named architectures, heads and weight sources.</summary>
public static class ModelFactory
{
    /// <summary>
    /// Creates the model. <paramref name="pretrainedDirectory"/> is where offline weights live
    /// (the build output's <c>pretrained/</c> folder with ResNet18.onnx). Weight init draws from
    /// <paramref name="seed"/> only.
    /// </summary>
    public static ClassifierModel Create(ModelConfig config, int numClasses, long seed, string pretrainedDirectory)
        => throw new NotImplementedException();
}
