using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Models.Heads;

/// <summary>Global average pool → dropout → linear: works at any input size.</summary>
public sealed class GapLinearHead : nn.Module<Tensor, Tensor>
{
    private readonly Dropout dropout;
    private readonly Linear fc;

    public GapLinearHead(long inChannels, long numClasses, double dropout) : base(nameof(GapLinearHead))
    {
        this.dropout = nn.Dropout(dropout);
        fc = nn.Linear(inChannels, numClasses);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var pooled = input.dim() == 4 ? input.mean([2L, 3L]) : input.alias();
        using var dropped = dropout.call(pooled);
        return fc.call(dropped);
    }
}
