using Pipeline.Models.Normalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Heads;

/// <summary>
/// The 2017 solution's head: Flatten → BatchNorm1d → Linear(hidden) → ReLU → BatchNorm1d → Dropout →
/// Linear(classes). With <c>globalPool</c> the map is averaged first (C inputs instead of C·h·w).
/// </summary>
public sealed class OriginalHead : nn.Module<Tensor, Tensor>
{
    private readonly bool globalPool;
    private readonly ScalarSafeBatchNorm bn1;
    private readonly Linear fc1;
    private readonly ScalarSafeBatchNorm bn2;
    private readonly Dropout dropout;
    private readonly Linear fc2;

    /// <param name="features">Length of the flattened input (C·h·w, or C with global pooling).</param>
    public OriginalHead(long features, long hidden, long numClasses, double dropout, bool globalPool) : base(nameof(OriginalHead))
    {
        this.globalPool = globalPool;
        bn1 = ScalarSafeBatchNorm.For1d(features);
        fc1 = nn.Linear(features, hidden);
        bn2 = ScalarSafeBatchNorm.For1d(hidden);
        this.dropout = nn.Dropout(dropout);
        fc2 = nn.Linear(hidden, numClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = globalPool && input.dim() == 4 ? input.mean([2L, 3L]) : input.flatten(1);
        x = fc1.call(bn1.call(x)).relu_();
        x = dropout.call(bn2.call(x));
        return fc2.call(x).MoveToOuterDisposeScope();
    }
}
