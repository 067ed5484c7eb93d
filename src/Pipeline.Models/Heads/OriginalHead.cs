using Pipeline.Models.Normalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Heads;

/// <summary>
/// The 2017 solution's Keras head: Flatten → BatchNorm1d → Linear(hidden) → ReLU → BatchNorm1d → Dropout →
/// Linear(classes) (its InceptionResNetV2), or with <c>batchNormFirst</c> BatchNorm2d over the backbone's channels →
/// Flatten → Linear(hidden) → … (its ResNet50). With <c>globalPool</c> the map is averaged instead of flattened
/// (C inputs instead of C·h·w). <c>eps</c>/<c>momentum</c> are both BatchNorms' (Keras: 1e-3 and 0.01).
/// Flatten takes the map in N×C×h×w order, Keras in N×h×w×C: a fixed permutation of fc1's inputs, which a freshly
/// initialised head does not notice.
/// </summary>
public sealed class OriginalHead : nn.Module<Tensor, Tensor>
{
    private readonly bool globalPool;
    private readonly bool batchNormFirst;
    private readonly ScalarSafeBatchNorm bn1;
    private readonly Linear fc1;
    private readonly ScalarSafeBatchNorm bn2;
    private readonly Dropout dropout;
    private readonly Linear fc2;

    /// <param name="channels">Channels of the backbone's map (the first BatchNorm's size when it comes first).</param>
    /// <param name="features">Length of the flattened input (C·h·w, or C with global pooling).</param>
    public OriginalHead(long channels, long features, long hidden, long numClasses, double dropout, bool globalPool, bool batchNormFirst = false, double eps = 1e-5, double momentum = 0.1)
        : base(nameof(OriginalHead))
    {
        this.globalPool = globalPool;
        this.batchNormFirst = batchNormFirst;
        bn1 = batchNormFirst ? ScalarSafeBatchNorm.For2d(channels, eps, momentum) : ScalarSafeBatchNorm.For1d(features, eps, momentum);
        fc1 = nn.Linear(features, hidden);
        bn2 = ScalarSafeBatchNorm.For1d(hidden, eps, momentum);
        this.dropout = nn.Dropout(dropout);
        fc2 = nn.Linear(hidden, numClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = batchNormFirst ? bn1.call(input) : input;
        x = globalPool && x.dim() == 4 ? x.mean([2L, 3L]) : x.flatten(1);
        if (!batchNormFirst)
        {
            x = bn1.call(x);
        }

        x = fc1.call(x).relu_();
        x = dropout.call(bn2.call(x));
        return fc2.call(x).MoveToOuterDisposeScope();
    }
}
