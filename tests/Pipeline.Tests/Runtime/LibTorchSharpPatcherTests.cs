using Pipeline.Runtime;
using Xunit;

namespace Pipeline.Tests.Runtime;

/// <summary>The libstdc++ compatibility patch, on a copy of the real libLibTorchSharp.so of this test run.</summary>
public sealed class LibTorchSharpPatcherTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"patcher-{Guid.NewGuid():N}");

    public LibTorchSharpPatcherTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Patching_sets_only_the_weak_flag_of_the_GLIBCXX_3_4_32_need_and_is_idempotent()
    {
        var library = CopyWithFlagCleared();
        var before = File.ReadAllBytes(library);
        Assert.False(LibTorchSharpPatcher.IsWeak(library));

        Assert.Equal(LibTorchSharpPatcher.PatchOutcome.Patched, LibTorchSharpPatcher.PatchFile(library));
        Assert.True(LibTorchSharpPatcher.IsWeak(library));
        var after = File.ReadAllBytes(library);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        var offset = LibTorchSharpPatcher.FindVernauxFlagsOffset(before, LibTorchSharpPatcher.RequiredVersion);
        Assert.Equal([offset], changed);
        Assert.Equal(before[offset] | 0x2, after[offset]);

        Assert.Equal(LibTorchSharpPatcher.PatchOutcome.AlreadyPatched, LibTorchSharpPatcher.PatchFile(library));
        Assert.Equal(after, File.ReadAllBytes(library));
    }

    [Fact]
    public void The_patch_is_applied_exactly_when_the_system_libstdcxx_lacks_the_version()
    {
        var library = CopyWithFlagCleared();
        var outcome = LibTorchSharpPatcher.EnsureLoadable(_folder);
        if (LibTorchSharpPatcher.SystemLibStdCxxHas(LibTorchSharpPatcher.RequiredVersion))
        {
            Assert.Equal(LibTorchSharpPatcher.PatchOutcome.SystemHasVersion, outcome);
            Assert.False(LibTorchSharpPatcher.IsWeak(library));
        }
        else
        {
            Assert.Equal(LibTorchSharpPatcher.PatchOutcome.Patched, outcome);
            Assert.True(LibTorchSharpPatcher.IsWeak(library));
        }
    }

    [Fact]
    public void The_libstdcxx_probe_finds_an_old_version_and_not_a_made_up_one()
    {
        Assert.True(LibTorchSharpPatcher.SystemLibStdCxxHas("GLIBCXX_3.4.21"));
        Assert.False(LibTorchSharpPatcher.SystemLibStdCxxHas("GLIBCXX_9.9.99"));
    }

    [Fact]
    public void A_folder_without_the_library_is_left_alone_and_a_non_elf_file_is_an_error()
    {
        Assert.Equal(LibTorchSharpPatcher.PatchOutcome.LibraryAbsent, LibTorchSharpPatcher.EnsureLoadable(_folder));
        var notElf = Path.Combine(_folder, "not-elf.so");
        File.WriteAllText(notElf, "just text, long enough to pass the length check of the ELF header reader....");
        Assert.Throws<InvalidDataException>(() => LibTorchSharpPatcher.PatchFile(notElf));
    }

    /// <summary>The test run's copy is already patched (NativeSetup); clear the flag in a private copy to start from the shipped state.</summary>
    private string CopyWithFlagCleared()
    {
        var library = Path.Combine(_folder, LibTorchSharpPatcher.LibraryName);
        File.Copy(Path.Combine(AppContext.BaseDirectory, LibTorchSharpPatcher.LibraryName), library);
        var bytes = File.ReadAllBytes(library);
        var offset = LibTorchSharpPatcher.FindVernauxFlagsOffset(bytes, LibTorchSharpPatcher.RequiredVersion);
        Assert.True(offset > 0, "the shipped library should need GLIBCXX_3.4.32");
        bytes[offset] &= unchecked((byte)~0x2);
        File.WriteAllBytes(library, bytes);
        return library;
    }
}
