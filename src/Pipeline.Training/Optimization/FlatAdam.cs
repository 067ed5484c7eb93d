using Pipeline.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Training.Optimization;

/// <summary>
/// Adam (Kingma and Ba, 2015) with L2 weight decay added to the gradient, as PyTorch's and
/// TorchSharp's <c>Adam</c> define it, over <see cref="FlatParameters"/>: one step is six native
/// calls on the whole model instead of about ten per parameter tensor. The bias corrections are
/// folded into two scalars (step size lr·√(1−β₂ᵗ)/(1−β₁ᵗ), epsilon ε·√(1−β₂ᵗ)), which is the
/// same update written with fewer passes over memory; results agree with TorchSharp's Adam to
/// float rounding (tests). Every Scalar is created and disposed here: TorchSharp's implicit number
/// conversions leave them to the finalizer, which can free one during the native call.
/// </summary>
public sealed class FlatAdam : ITrainingOptimizer
{
    private const string Format = "flat-adam/1";
    private readonly FlatParameters _flat;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _eps;
    private readonly double _weightDecay;
    private readonly Tensor _expAvg;
    private readonly Tensor _expAvgSq;
    // lerp_ takes its weight as a tensor in TorchSharp 0.107 (a Scalar would be converted implicitly and throw).
    private readonly Tensor _oneMinusBeta1;
    private long _step;

    public FlatAdam(IReadOnlyList<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), $"Adam betas must lie in [0, 1), got ({beta1}, {beta2})");
        }

        _flat = new FlatParameters(parameters);
        LearningRate = lr;
        _beta1 = beta1;
        _beta2 = beta2;
        _eps = eps;
        _weightDecay = weightDecay;
        _expAvg = torch.zeros_like(_flat.Values);
        _expAvgSq = torch.zeros_like(_flat.Values);
        _oneMinusBeta1 = torch.tensor(1 - beta1, _flat.Values.dtype, _flat.Values.device);
    }

    public double LearningRate { get; set; }

    public void ZeroGrad() => _flat.ZeroGradients();

    public void Step()
    {
        using var noGrad = torch.no_grad();
        _step++;
        var correction1 = 1 - Math.Pow(_beta1, _step);
        var correction2Root = Math.Sqrt(1 - Math.Pow(_beta2, _step));
        var gradients = _flat.Gradients;
        if (_weightDecay != 0)
        {
            // In place: the gradients are zeroed before the next backward pass anyway.
            using var decay = _weightDecay.ToScalar();
            gradients.add_(_flat.Values, decay);
        }

        _expAvg.lerp_(gradients, _oneMinusBeta1);
        using (var beta2 = _beta2.ToScalar())
        using (var oneMinusBeta2 = (1 - _beta2).ToScalar())
        {
            _expAvgSq.mul_(beta2).addcmul_(gradients, gradients, oneMinusBeta2);
        }

        using var denominator = _expAvgSq.sqrt();
        using (var eps = (_eps * correction2Root).ToScalar())
        {
            denominator.add_(eps, ScalarConstants.One);
        }

        using var stepSize = (-LearningRate * correction2Root / correction1).ToScalar();
        _flat.Values.addcdiv_(_expAvg, denominator, stepSize);
    }

    public void Save(BinaryWriter writer) => FlatParameters.SaveState(writer, Format, _step, _expAvg, _expAvgSq);

    public void Load(BinaryReader reader) => _step = _flat.LoadState(reader, Format, ("exp_avg", _expAvg), ("exp_avg_sq", _expAvgSq));

    public void Dispose()
    {
        _expAvg.Dispose();
        _expAvgSq.Dispose();
        _oneMinusBeta1.Dispose();
        _flat.Dispose();
    }
}
