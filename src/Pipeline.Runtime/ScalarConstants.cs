using TorchSharp;

namespace Pipeline.Runtime;

/// <summary>
/// Native Scalars for constants passed to TorchSharp on every call, alive for the whole process.
/// TorchSharp 0.107 turns a C# number into a Scalar that only the garbage collector owns, and
/// its finalizer can free it while the native call still reads it (seen as libtorch's
/// <c>c10::Scalar::toFloat</c> check failure and "Unknown scalar type"; dotnet/TorchSharp#1434).
/// TorchSharp also does this itself in overloads without a Scalar argument: <c>a + b</c>,
/// <c>add(x)</c> and <c>add_(x)</c> pass an implicit alpha of 1, <c>arange(stop)</c> an implicit
/// start and step. A static field keeps these reachable, and TorchSharp never disposes a Scalar it is
/// given (it only reads its handle), so they are never freed. Each has the .NET type TorchSharp's own
/// conversion would have used, so results stay bit-identical.
/// </summary>
public static class ScalarConstants
{
    /// <summary>Integer 0: the start TorchSharp's <c>arange(stop)</c> passes.</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary>Integer 1: the alpha TorchSharp's <c>add(x)</c>/<c>add_(x)</c> pass, and the step of <c>arange(stop)</c>.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>Float 255: the divisor from uint8 pixels to floats in [0,1].</summary>
    public static readonly Scalar Float255 = 255f.ToScalar();
}
