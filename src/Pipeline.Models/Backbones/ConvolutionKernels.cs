using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Backbones;

/// <summary>
/// Routes CPU convolutions away from libtorch's oneDNN (mkldnn) kernels to its native im2col + GEMM
/// ones. The oneDNN bundled with our libtorch (2.10 → oneDNN 3.7.1, <c>jit:avx512_core</c> on the
/// AMD EPYC (Zen 5) machines we run on) gives wrong float32 results for batched convolutions (libtorch
/// takes oneDNN for batch &gt; 1): the input gradient (<c>backward_data</c>) of a non-1×1 kernel
/// whose output channels are not a multiple of 16 (8, 12, 24, …), or of a stride-2 kernel over 48
/// input channels, and the forward pass over input channels padded to a 16-block (20, 24, 40, …), are
/// off by 10-90 % of the largest value, and uninitialised block padding makes NaNs. Narrow Inception
/// variants (width 0.25: 8, 12, 20, 24, 40, 56, 72 channels) got a NaN loss in their first steps;
/// the same convolutions in float64, at batch 1, or with oneDNN off match exactly. Python's switch
/// (<c>torch.backends.mkldnn.enabled = False</c>) is C++ only in libtorch
/// (<c>at::globalContext().setUserEnabledMkldnn</c>) and TorchSharp does not wrap it, so it is
/// called through libtorch_cpu's exported symbols. Process-wide and idempotent; every
/// <see cref="Backbone"/> applies it when constructed.
/// With oneDNN off, libtorch tries NNPACK for batched convolutions first; on CPUs NNPACK does not support
/// (ours) every attempt fails and logs "Could not initialize NNPACK! Reason: Unsupported hardware." (thousands
/// of lines per run, drowning the build output). The same switch resolution turns NNPACK off for the process
/// (<c>setUserEnabledNNPACK(false)</c>), which also keeps the kernel choice the same on every CPU.
/// </summary>
public static class ConvolutionKernels
{
    private static readonly Lock Gate = new();
    private static Switch? libtorch;
    private static bool resolved;
    private static bool? current;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate IntPtr GlobalContextFn();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate void SetBoolFn(IntPtr context, byte value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate byte GetBoolFn(IntPtr context);

    /// <summary>Whether oneDNN convolutions are off in this process right now (false where the switch is unavailable, e.g. a non-Linux libtorch).</summary>
    public static bool OneDnnDisabled => current == false;

    /// <summary>libtorch's oneDNN switch as libtorch reports it now, or null where it cannot be reached (for diagnostics).</summary>
    public static bool? OneDnnEnabled
    {
        get
        {
            lock (Gate)
            {
                return Resolve()?.Get();
            }
        }
    }

    /// <summary>
    /// True when every convolution of <paramref name="module"/> has channel counts oneDNN handles correctly:
    /// multiples of 16, or the 3 channels of an RGB input.
    /// </summary>
    public static bool IsSafeForOneDnn(nn.Module module) =>
        module.modules().OfType<TorchSharp.Modules.Conv2d>().All(c =>
            (c.in_channels == 3 || c.in_channels % 16 == 0) && c.out_channels % 16 == 0);

    /// <summary>
    /// Sets libtorch's process-wide oneDNN switch for the network about to run: on (faster) for networks whose
    /// channel counts are all safe, off for the others. A model calls it at the start of every forward pass, so
    /// two models used one after the other in one process (the pseudolabel teachers and student) each get the
    /// kernels that are right for them; the backward pass follows its forward pass.
    /// </summary>
    public static void Use(bool oneDnn)
    {
        lock (Gate)
        {
            if (current == oneDnn)
            {
                return;
            }

            if (Resolve() is { } toggle && toggle.Set(oneDnn))
            {
                current = oneDnn;
            }
        }
    }

    // Under Gate.
    private static Switch? Resolve()
    {
        if (!resolved)
        {
            libtorch = Switch.TryResolve();
            resolved = true;
        }

        return libtorch;
    }

    /// <summary>Turns libtorch's oneDNN convolutions off for this process; returns <see cref="OneDnnDisabled"/>.</summary>
    public static bool DisableOneDnn()
    {
        Use(false);
        return OneDnnDisabled;
    }

    /// <summary>at::globalContext().setUserEnabledMkldnn / userEnabledMkldnn, resolved once from libtorch_cpu's exports.</summary>
    private sealed class Switch(IntPtr context, SetBoolFn setter, GetBoolFn getter)
    {
        public static Switch? TryResolve()
        {
            // Itanium C++ ABI names of at::globalContext(), at::Context::setUserEnabledMkldnn(bool) and
            // at::Context::userEnabledMkldnn() const, exported by libtorch_cpu.so.
            if (!OperatingSystem.IsLinux() || !TryLoadTorchCpu(out var library))
            {
                return null;
            }

            if (!NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out var globalContext)
                || !NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledMkldnnEb", out var setter)
                || !NativeLibrary.TryGetExport(library, "_ZNK2at7Context17userEnabledMkldnnEv", out var getter))
            {
                return null;
            }

            var context = Marshal.GetDelegateForFunctionPointer<GlobalContextFn>(globalContext)();
            if (NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledNNPACKEb", out var nnpack))
            {
                Marshal.GetDelegateForFunctionPointer<SetBoolFn>(nnpack)(context, 0);
            }

            return new Switch(context, Marshal.GetDelegateForFunctionPointer<SetBoolFn>(setter), Marshal.GetDelegateForFunctionPointer<GetBoolFn>(getter));
        }

        public bool Set(bool enabled)
        {
            setter(context, enabled ? (byte)1 : (byte)0);
            return Get() == enabled;
        }

        public bool Get() => getter(context) != 0;
    }

    internal static bool TryLoadTorchCpu(out IntPtr library)
    {
        // TorchSharp has loaded it already (a Backbone is an nn.Module); dlopen hands back that copy.
        var besideApp = Path.Combine(AppContext.BaseDirectory, "libtorch_cpu.so");
        return (File.Exists(besideApp) && NativeLibrary.TryLoad(besideApp, out library))
            || NativeLibrary.TryLoad("libtorch_cpu.so", out library);
    }
}
