using static TorchSharp.torch;

namespace Pipeline.Tests.Training;

/// <summary>Bitwise tensor comparison (TorchSharp's <c>torch.equal</c> is element-wise).</summary>
internal static class Same
{
    public static bool Tensors(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape) || a.dtype != b.dtype)
        {
            return false;
        }

        using var equal = a.eq(b);
        using var all = equal.all();
        return all.item<bool>();
    }
}
