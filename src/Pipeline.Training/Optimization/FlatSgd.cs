using Pipeline.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Training.Optimization;

/// <summary>
/// SGD with momentum, optional Nesterov momentum and L2 weight decay, as PyTorch's and TorchSharp's
/// <c>SGD</c> define it (no dampening; the first step's momentum buffer is the gradient itself),
/// over <see cref="FlatParameters"/>: a few native calls per step for the whole model. Scalars are
/// explicit and disposed (see <see cref="FlatAdam"/>).
/// </summary>
public sealed class FlatSgd : ITrainingOptimizer
{
    private const string Format = "flat-sgd/1";
    private readonly FlatParameters _flat;
    private readonly double _momentum;
    private readonly double _weightDecay;
    private readonly bool _nesterov;
    private readonly Tensor _buffer;
    private long _step;

    public FlatSgd(IReadOnlyList<Parameter> parameters, double lr, double momentum, double weightDecay, bool nesterov)
    {
        if (nesterov && momentum <= 0)
        {
            throw new ArgumentException("Nesterov momentum needs a momentum above 0", nameof(nesterov));
        }

        _flat = new FlatParameters(parameters);
        LearningRate = lr;
        _momentum = momentum;
        _weightDecay = weightDecay;
        _nesterov = nesterov;
        _buffer = torch.zeros_like(_flat.Values);
    }

    public double LearningRate { get; set; }

    public void ZeroGrad() => _flat.ZeroGradients();

    public void Step()
    {
        using var noGrad = torch.no_grad();
        var gradients = _flat.Gradients;
        if (_weightDecay != 0)
        {
            using var decay = _weightDecay.ToScalar();
            gradients.add_(_flat.Values, decay);
        }

        using var negativeLr = (-LearningRate).ToScalar();
        if (_momentum == 0)
        {
            _flat.Values.add_(gradients, negativeLr);
        }
        else
        {
            using var momentum = _momentum.ToScalar();
            if (_step == 0)
            {
                _buffer.copy_(gradients);
            }
            else
            {
                _buffer.mul_(momentum).add_(gradients, ScalarConstants.One);
            }

            if (_nesterov)
            {
                gradients.add_(_buffer, momentum);
            }

            _flat.Values.add_(_nesterov ? gradients : _buffer, negativeLr);
        }

        _step++;
    }

    public void Save(BinaryWriter writer) => FlatParameters.SaveState(writer, Format, _step, _buffer);

    public void Load(BinaryReader reader) => _step = _flat.LoadState(reader, Format, ("momentum_buffer", _buffer));

    public void Dispose()
    {
        _buffer.Dispose();
        _flat.Dispose();
    }
}
