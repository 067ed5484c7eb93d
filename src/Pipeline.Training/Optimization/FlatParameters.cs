using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Training.Optimization;

/// <summary>
/// Moves a list of parameters into one contiguous buffer, and their gradients into another: each
/// parameter becomes a view of <see cref="Values"/> (its storage is re-pointed, its values kept) and
/// its gradient a view of <see cref="Gradients"/>, into which the backward pass accumulates in place.
/// An optimizer then updates every parameter with a handful of native calls on the two buffers
/// instead of a handful per parameter tensor (62 tensors for ResNet-18), the cost that made our
/// step slower than PyTorch's (docs/performance.md). Disposing detaches the gradients again.
/// </summary>
public sealed class FlatParameters : IDisposable
{
    private readonly IReadOnlyList<Parameter> _parameters;

    public FlatParameters(IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count == 0)
        {
            throw new ArgumentException("no parameters to optimize", nameof(parameters));
        }

        var first = parameters[0];
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].dtype != first.dtype || parameters[i].device.ToString() != first.device.ToString())
            {
                throw new ArgumentException(
                    $"parameter {i} is {parameters[i].dtype} on {parameters[i].device}, parameter 0 is {first.dtype} on {first.device}: one flat buffer needs one type and device",
                    nameof(parameters));
            }
        }

        _parameters = parameters;
        Count = parameters.Sum(p => p.numel());
        using var noGrad = torch.no_grad();
        Values = torch.empty(Count, first.dtype, first.device);
        Gradients = torch.zeros(Count, first.dtype, first.device);
        long offset = 0;
        foreach (var parameter in parameters)
        {
            var n = parameter.numel();
            // A channels_last parameter (Pipeline.Models.ChannelsLast, opt-in) keeps its layout: its slice is viewed NHWC.
            using (var slice = Values.narrow(0, offset, n))
            using (var value = Pipeline.Models.ChannelsLast.ViewLike(slice, parameter.shape, parameter))
            {
                value.copy_(parameter);
                parameter.set_(value);
            }

            using (var slice = Gradients.narrow(0, offset, n))
            using (var gradient = Pipeline.Models.ChannelsLast.ViewLike(slice, parameter.shape, parameter))
            {
                parameter.grad = gradient;
            }

            offset += n;
        }
    }

    /// <summary>Number of scalar weights.</summary>
    public long Count { get; }

    /// <summary>Every parameter's values, in parameter order; the parameters are views of it.</summary>
    public Tensor Values { get; }

    /// <summary>Every parameter's gradient, in parameter order; the gradients are views of it.</summary>
    public Tensor Gradients { get; }

    /// <summary>Sets every gradient to zero with one native call.</summary>
    public void ZeroGradients()
    {
        using var noGrad = torch.no_grad();
        Gradients.zero_();
    }

    /// <summary>Writes an optimizer's state: its format name, step count and flat state buffers, in order.</summary>
    public static void SaveState(BinaryWriter writer, string format, long step, params Tensor[] buffers)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(format);
        writer.Write(step);
        foreach (var buffer in buffers)
        {
            buffer.Save(writer);
        }
    }

    /// <summary>
    /// Reads state written by <see cref="SaveState"/> into <paramref name="buffers"/> and returns its step count.
    /// Another format, or a buffer of another length than these parameters, throws <see cref="InvalidDataException"/>
    /// before anything is changed.
    /// </summary>
    public long LoadState(BinaryReader reader, string format, params (string Name, Tensor Target)[] buffers)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var found = reader.ReadString();
        if (found != format)
        {
            throw new InvalidDataException($"optimizer state is '{found}', expected '{format}'");
        }

        var step = reader.ReadInt64();
        var loaded = new List<Tensor>();
        try
        {
            foreach (var (name, _) in buffers)
            {
                var buffer = TensorExtensionMethods.Load(reader);
                loaded.Add(buffer);
                if (buffer.numel() != Count)
                {
                    throw new InvalidDataException($"optimizer state '{name}' holds {buffer.numel()} values, the parameters being trained {Count}: the state belongs to another model or phase");
                }
            }

            using var noGrad = torch.no_grad();
            for (int i = 0; i < buffers.Length; i++)
            {
                buffers[i].Target.copy_(loaded[i]);
            }

            return step;
        }
        finally
        {
            foreach (var buffer in loaded)
            {
                buffer.Dispose();
            }
        }
    }

    public void Dispose()
    {
        // The parameters keep the value buffer's storage alive (they are views of it); the gradient
        // views are dropped so a frozen parameter does not pin this phase's gradient buffer.
        foreach (var parameter in _parameters)
        {
            parameter.grad = null;
        }

        Values.Dispose();
        Gradients.Dispose();
    }
}
