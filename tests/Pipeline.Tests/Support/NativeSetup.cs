using System.Runtime.CompilerServices;
using Pipeline.Runtime;

namespace Pipeline.Tests.Support;

/// <summary>Applies the libstdc++ compatibility patch to this test run's copy of LibTorchSharp before any torch call.</summary>
internal static class NativeSetup
{
    [ModuleInitializer]
    internal static void Initialize() => LibTorchSharpPatcher.EnsureLoadable(AppContext.BaseDirectory);
}
