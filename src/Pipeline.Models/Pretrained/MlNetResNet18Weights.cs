using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Pretrained;

/// <summary>
/// Converts ML.NET's offline ImageNet ResNet18 (<c>ResNet18.onnx</c>, a CNTK export) into a
/// <c>resnet18_2223</c> backbone. The graph is walked in order: each Conv is paired with the
/// BatchNormalization that consumes it (scale/bias are <c>ParameterN</c>, mean/var <c>ConstantN</c>);
/// 1×1 stride-2 convolutions are the stages' <c>downsample</c>, the others are the main path in
/// torchvision order. Conversion reads ~45 MB of protobuf and takes about a second, so it is not cached.
/// </summary>
public static class MlNetResNet18Weights
{
    /// <summary>File name of the backbone graph in the pretrained folder.</summary>
    public const string ModelFile = "ResNet18.onnx";

    /// <summary>File name of the preprocessing graph (mean image) in the pretrained folder.</summary>
    public const string PreprocessFile = "ResNetPreprocess.onnx";

    private static readonly int[] Layout = [2, 2, 2, 3];

    /// <summary>Loads the converted weights into <paramref name="backbone"/> (a resnet18_2223 at width 1).</summary>
    public static void Load(nn.Module backbone, string pretrainedDirectory)
    {
        var path = Path.Combine(pretrainedDirectory, ModelFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model.pretrained: mlnet-resnet18 needs '{path}' (copied by the build from the Microsoft.ML.DnnImageFeaturizer.ResNet18 package).", path);
        }

        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph;
        var source = Convert(graph);
        try
        {
            StateDictWeights.Load(backbone, source, path);
        }
        finally
        {
            foreach (var t in source.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>The mean image (3×224×224, BGR, 0-255) of <c>ResNetPreprocess.onnx</c>, or null when the file is absent.</summary>
    public static Tensor? TryReadMeanImage(string pretrainedDirectory)
    {
        var path = Path.Combine(pretrainedDirectory, PreprocessFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph;
        var mean = graph.Initializer.FirstOrDefault(i => i.Dims.Count == 4 && i.Dims[1] == 3)
            ?? throw new InvalidDataException($"{path}: no 1×3×H×W mean image initializer.");
        using var t = ToTensor(mean);
        return t.reshape(3, mean.Dims[2], mean.Dims[3]).clone();
    }

    private static Dictionary<string, Tensor> Convert(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(i => i.Name);
        var convByOutput = new Dictionary<string, NodeProto>();
        var main = new List<(TensorProto Conv, TensorProto[] Bn)>();
        var downsample = new List<(TensorProto Conv, TensorProto[] Bn)>();
        foreach (var node in graph.Node)
        {
            if (node.OpType == "Conv")
            {
                convByOutput[node.Output[0]] = node;
                if (node.Input.Count > 2)
                {
                    throw new InvalidDataException("ResNet18.onnx: a convolution with a bias; the converter expects none.");
                }
            }
            else if (node.OpType == "BatchNormalization")
            {
                var conv = convByOutput[node.Input[0]];
                var weight = initializers[conv.Input[1]];
                var bn = node.Input.Skip(1).Take(4).Select(n => initializers[n]).ToArray();
                var strides = conv.Attribute.First(a => a.Name == "strides").Ints;
                var isDownsample = weight.Dims[2] == 1 && weight.Dims[3] == 1 && strides[0] == 2;
                (isDownsample ? downsample : main).Add((weight, bn));
            }
        }

        var mainNames = new List<string> { "" };
        var downsampleNames = new List<string>();
        for (var stage = 0; stage < Layout.Length; stage++)
        {
            for (var block = 0; block < Layout[stage]; block++)
            {
                mainNames.AddRange([$"layer{stage + 1}.{block}.conv1|layer{stage + 1}.{block}.bn1", $"layer{stage + 1}.{block}.conv2|layer{stage + 1}.{block}.bn2"]);
            }

            if (stage > 0)
            {
                downsampleNames.Add($"layer{stage + 1}.0.downsample.0|layer{stage + 1}.0.downsample.1");
            }
        }
        mainNames[0] = "conv1|bn1";
        if (main.Count != mainNames.Count || downsample.Count != downsampleNames.Count)
        {
            throw new InvalidDataException($"ResNet18.onnx: found {main.Count} main and {downsample.Count} downsample conv+bn pairs; the [2,2,2,3] layout needs {mainNames.Count} and {downsampleNames.Count}.");
        }

        var result = new Dictionary<string, Tensor>();
        foreach (var (pairs, names) in new[] { (main, mainNames), (downsample, downsampleNames) })
        {
            for (var i = 0; i < pairs.Count; i++)
            {
                var parts = names[i].Split('|');
                result[parts[0] + ".weight"] = ToTensor(pairs[i].Conv);
                result[parts[1] + ".weight"] = ToTensor(pairs[i].Bn[0]);
                result[parts[1] + ".bias"] = ToTensor(pairs[i].Bn[1]);
                result[parts[1] + ".running_mean"] = ToTensor(pairs[i].Bn[2]);
                result[parts[1] + ".running_var"] = ToTensor(pairs[i].Bn[3]);
            }
        }
        return result;
    }

    private static Tensor ToTensor(TensorProto proto)
    {
        if (proto.FloatData.Count == 0)
        {
            throw new InvalidDataException($"ResNet18.onnx: initializer {proto.Name} has no float_data (raw_data is not expected in this file).");
        }

        var data = new float[proto.FloatData.Count];
        proto.FloatData.CopyTo(data, 0);
        return tensor(data, proto.Dims.ToArray());
    }
}
