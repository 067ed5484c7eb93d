using Pipeline.Models.Backbones;
using Pipeline.Models.Normalization;
using Pipeline.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>
/// Folds each eval-mode batch norm into the convolution that feeds it (<see cref="IConvBnPairs"/>): with scale
/// s = γ / √(running_var + ε), the convolution's weight becomes W·s per output channel and its bias β − running_mean·s
/// (plus its own bias · s), and the norm passes its input through. One convolution with a bias instead of a
/// convolution and a batch norm: what PyTorch's TorchScript freezing does, which TorchSharp 0.107 cannot reach.
/// The fold is undone when the returned handle is disposed: every weight gets its exact bytes back and the bias its
/// absence, so a checkpoint can be loaded again. Results move by float rounding (about 1e-6 in probabilities).
/// </summary>
public static class BatchNormFolding
{
    /// <summary>Folds every pair of <paramref name="module"/> (in eval mode); dispose the result to restore it.</summary>
    public static IDisposable Fold(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (module.training)
        {
            throw new InvalidOperationException("batch norms are folded only in eval mode: training normalises with each batch's statistics");
        }

        var pairs = Pairs(module).ToList();
        var folded = new Folded();
        using var noGrad = torch.no_grad();
        try
        {
            foreach (var (convolution, norm) in pairs)
            {
                if (norm.Folded)
                {
                    throw new InvalidOperationException("a batch norm is already folded");
                }

                folded.Add(FoldOne(convolution, norm));
            }
        }
        catch
        {
            folded.Dispose();
            throw;
        }

        return folded;
    }

    /// <summary>How many (convolution, batch norm) pairs <paramref name="module"/> can fold.</summary>
    public static int PairCount(nn.Module module) => Pairs(module).Count();

    private static IEnumerable<(Conv2d Convolution, ScalarSafeBatchNorm Norm)> Pairs(nn.Module module) =>
        module.modules().Prepend(module).OfType<IConvBnPairs>().SelectMany(m => m.ConvBnPairs);

    private static Restore FoldOne(Conv2d convolution, ScalarSafeBatchNorm norm)
    {
        var weight = convolution.weight ?? throw new InvalidOperationException("a convolution without weights");
        var mean = norm.running_mean ?? throw new InvalidOperationException("a batch norm without running statistics");
        var variance = norm.running_var!;
        using var scope = torch.NewDisposeScope();
        using var eps = norm.eps.ToScalar();
        var scale = variance.add(eps, ScalarConstants.One).rsqrt_();
        if (norm.weight is { } gamma)
        {
            scale = scale.mul_(gamma);
        }

        var original = weight.detach().clone().DetachFromDisposeScope();
        var originalBias = convolution.bias?.detach().clone().DetachFromDisposeScope();
        // In place, so the weight keeps its strides (channels_last stays channels_last).
        weight.mul_(scale.view(-1, 1, 1, 1));
        var bias = (originalBias is null ? mean.neg() : originalBias.sub(mean)).mul_(scale);
        if (norm.bias is { } beta)
        {
            bias = bias.add_(beta, ScalarConstants.One);
        }

        var hadBias = convolution.bias is not null;
        if (hadBias)
        {
            convolution.bias!.copy_(bias);
        }
        else
        {
            convolution.bias = new Parameter(bias.detach().clone().DetachFromDisposeScope(), requires_grad: false);
        }

        norm.Folded = true;
        return new Restore(convolution, norm, original, originalBias, hadBias);
    }

    private sealed record Restore(Conv2d Convolution, ScalarSafeBatchNorm Norm, Tensor Weight, Tensor? Bias, bool HadBias)
    {
        public void Undo()
        {
            using var noGrad = torch.no_grad();
            Convolution.weight!.copy_(Weight);
            if (HadBias)
            {
                Convolution.bias!.copy_(Bias!);
            }
            else
            {
                Convolution.bias = null;
            }

            Norm.Folded = false;
            Weight.Dispose();
            Bias?.Dispose();
        }
    }

    private sealed class Folded : IDisposable
    {
        private readonly List<Restore> _restores = [];
        private bool _disposed;

        public void Add(Restore restore) => _restores.Add(restore);

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            for (int i = _restores.Count - 1; i >= 0; i--)
            {
                _restores[i].Undo();
            }
        }
    }
}
