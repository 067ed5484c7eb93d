using System.Runtime.InteropServices;

namespace Pipeline.Benchmarks.Infrastructure;

/// <summary>
/// Reads and sets libtorch's process-wide oneDNN (mkldnn) switch, <c>at::globalContext().userEnabledMkldnn</c>,
/// through libtorch_cpu's exported symbols. The models turn oneDNN convolutions off for correctness on our CPUs
/// (Pipeline.Models ConvolutionKernels); the benchmark turns it back on only for a labelled diagnostic, to show
/// what that costs. Read once per convolution by libtorch, so it can be flipped between steps.
/// </summary>
public static class OneDnnSwitch
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr GlobalContextFn();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetBoolFn(IntPtr context, byte value);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate byte GetBoolFn(IntPtr context);

    /// <summary>The current setting, or null when the switch cannot be reached.</summary>
    public static bool? Enabled
    {
        get
        {
            if (!TryBind(out var context, out _, out var get))
                return null;
            return get(context) != 0;
        }
    }

    /// <summary>Sets the switch; returns false when it cannot be reached or did not take.</summary>
    public static bool TrySet(bool enabled)
    {
        if (!TryBind(out var context, out var set, out var get))
            return false;
        set(context, enabled ? (byte)1 : (byte)0);
        return (get(context) != 0) == enabled;
    }

    private static bool TryBind(out IntPtr context, out SetBoolFn set, out GetBoolFn get)
    {
        context = IntPtr.Zero;
        set = null!;
        get = null!;
        var besideApp = Path.Combine(AppContext.BaseDirectory, "libtorch_cpu.so");
        if (!OperatingSystem.IsLinux() || !(File.Exists(besideApp) && NativeLibrary.TryLoad(besideApp, out var library)))
            return false;
        if (!NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out var globalContext)
            || !NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledMkldnnEb", out var setter)
            || !NativeLibrary.TryGetExport(library, "_ZNK2at7Context17userEnabledMkldnnEv", out var getter))
            return false;
        context = Marshal.GetDelegateForFunctionPointer<GlobalContextFn>(globalContext)();
        set = Marshal.GetDelegateForFunctionPointer<SetBoolFn>(setter);
        get = Marshal.GetDelegateForFunctionPointer<GetBoolFn>(getter);
        return true;
    }
}
