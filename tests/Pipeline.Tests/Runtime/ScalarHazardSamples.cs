using Pipeline.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Runtime;

/// <summary>
/// Never run: compiled only so <see cref="ScalarLifetimeTests"/> can check that the scanner flags each kind of
/// unowned Scalar, and not the explicit, disposed form.
/// </summary>
internal static class ScalarHazardSamples
{
    public static Tensor ImplicitConversion(Tensor t) => t.mul(2f);

    public static Tensor NumberOperator(Tensor t) => t * 2f;

    public static Tensor TensorSum(Tensor a, Tensor b) => a + b;

    public static Tensor LocalNotDisposed(Tensor t)
    {
        var two = 2f.ToScalar();
        return t.mul(two);
    }

    public static Tensor ScalarPassedStraightOn(Tensor t) => t.mul(2f.ToScalar());

    public static nn.Module<Tensor, Tensor> CountingBatchNorm() => nn.BatchNorm2d(3);

    public static Tensor Explicit(Tensor a, Tensor b)
    {
        using var two = 2f.ToScalar();
        return a.mul(two).add_(b, ScalarConstants.One);
    }
}
