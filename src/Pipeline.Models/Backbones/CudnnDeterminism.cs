using System.Runtime.InteropServices;

namespace Pipeline.Models.Backbones;

/// <summary>
/// Python's <c>torch.backends.cudnn.deterministic = True</c>, <c>torch.backends.cudnn.benchmark = False</c> and
/// <c>torch.use_deterministic_algorithms(True, warn_only=True)</c> for a CUDA run. TorchSharp 0.107 wraps none of
/// them (its <c>use_deterministic_algorithms</c> is marked "not implemented"), so, as <see cref="ConvolutionKernels"/>
/// does for oneDNN, the switches of libtorch's global context are called through libtorch_cpu's exports. The
/// flags live in the context whether or not CUDA is present, so setting and reading them back works (and is
/// tested) on CPU; only CUDA kernels consult them. Process-wide and idempotent.
/// </summary>
public static class CudnnDeterminism
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetTwoBoolsFn(IntPtr context, byte value, byte warnOnly);

    /// <summary>The switches as libtorch reports them after <see cref="Enable"/>.</summary>
    public sealed record State(bool DeterministicCudnn, bool BenchmarkCudnn, bool DeterministicAlgorithms, bool WarnOnly);

    /// <summary>Sets the switches and reads them back; null where libtorch's exports cannot be reached (not Linux).</summary>
    public static State? Enable() => Apply(new State(DeterministicCudnn: true, BenchmarkCudnn: false, DeterministicAlgorithms: true, WarnOnly: true));

    /// <summary>The switches as libtorch reports them now; null where they cannot be reached.</summary>
    public static State? Current() => Reach() is { } context ? context.Read() : null;

    /// <summary>Sets the switches to <paramref name="state"/> and reads them back; null where they cannot be reached.</summary>
    public static State? Apply(State state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (Reach() is not { } context)
        {
            return null;
        }

        context.Set("_ZN2at7Context21setDeterministicCuDNNEb", state.DeterministicCudnn);
        context.Set("_ZN2at7Context17setBenchmarkCuDNNEb", state.BenchmarkCudnn);
        // Warn only: an operation with no deterministic CUDA kernel warns and runs instead of failing the stage.
        Marshal.GetDelegateForFunctionPointer<SetTwoBoolsFn>(context.Export("_ZN2at7Context26setDeterministicAlgorithmsEbb"))(
            context.Handle, state.DeterministicAlgorithms ? (byte)1 : (byte)0, state.WarnOnly ? (byte)1 : (byte)0);
        return context.Read();
    }

    private static LibTorchContext? Reach()
    {
        if (!OperatingSystem.IsLinux() || !ConvolutionKernels.TryLoadTorchCpu(out var library))
        {
            return null;
        }

        var context = new LibTorchContext(library, IntPtr.Zero);
        return context with { Handle = Marshal.GetDelegateForFunctionPointer<ConvolutionKernels.GlobalContextFn>(context.Export("_ZN2at13globalContextEv"))() };
    }

    /// <summary>at::globalContext() of the loaded libtorch_cpu, with its exports by Itanium C++ ABI name.</summary>
    private sealed record LibTorchContext(IntPtr Library, IntPtr Handle)
    {
        public IntPtr Export(string name) => NativeLibrary.TryGetExport(Library, name, out var address)
            ? address
            : throw new EntryPointNotFoundException($"libtorch_cpu.so exports no {name}");

        public void Set(string name, bool value) =>
            Marshal.GetDelegateForFunctionPointer<ConvolutionKernels.SetBoolFn>(Export(name))(Handle, value ? (byte)1 : (byte)0);

        public bool Get(string name) => Marshal.GetDelegateForFunctionPointer<ConvolutionKernels.GetBoolFn>(Export(name))(Handle) != 0;

        public State Read() => new(
            Get("_ZNK2at7Context18deterministicCuDNNEv"),
            Get("_ZNK2at7Context14benchmarkCuDNNEv"),
            Get("_ZNK2at7Context23deterministicAlgorithmsEv"),
            Get("_ZNK2at7Context31deterministicAlgorithmsWarnOnlyEv"));
    }
}
