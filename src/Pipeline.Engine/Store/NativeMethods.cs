using System.Runtime.InteropServices;

namespace Pipeline.Engine;

/// <summary>libc calls without a managed equivalent.</summary>
internal static partial class NativeMethods
{
    /// <summary>rename(2): atomically replaces <paramref name="newPath"/>, also when both are symlinks to folders.</summary>
    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Rename(string oldPath, string newPath);

    /// <summary>getppid(2): the parent's pid, which changes when the parent dies and the process is re-parented.</summary>
    [LibraryImport("libc", EntryPoint = "getppid")]
    internal static partial int GetParentProcessId();
}
