using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.Json.Nodes;
using Pipeline.Engine;
using Pipeline.Stages;
using Xunit;

namespace Pipeline.Tests.Stages;

/// <summary>
/// Completeness of the code identity in run keys (issue 14): every assembly a stage kind reaches, and the native
/// backend, change the key when they change; bytes a build writes for its own bookkeeping (MVID, debug directory)
/// do not. The lists are derived by <see cref="CodeIdentity"/>, never restated here: each test perturbs one real
/// file of this test run's own application folder and recomputes.
/// </summary>
public sealed class CodeIdentityTests : IDisposable
{
    private static readonly string AppDirectory = AppContext.BaseDirectory;
    private static readonly string DepsJson = Path.Combine(AppDirectory, "Pipeline.Tests.deps.json");
    private readonly string _temp = Path.Combine(Path.GetTempPath(), $"code-identity-{Guid.NewGuid():N}");

    public CodeIdentityTests() => Directory.CreateDirectory(_temp);

    private static IReadOnlyList<string> Kinds => StageProcessEntry.Registry().Kinds;

    [Fact]
    public void Every_kind_reaches_its_own_glue_and_the_engine_and_torch_kinds_name_the_libtorch_package()
    {
        var fingerprinter = new CodeFingerprinter(AppDirectory, DepsJson);
        var libtorch = NativeLibraries.Load(DepsJson, AppDirectory).Files["libtorch_cpu.so"].Package;

        Assert.Equal(8, Kinds.Count);
        foreach (var kind in Kinds)
        {
            var fingerprint = CodeIdentity.Fingerprint(kind, fingerprinter);
            Assert.Contains(CodeIdentity.RootAssembly, fingerprint.Assemblies.Keys);
            Assert.Contains("Pipeline.Engine", fingerprint.Assemblies.Keys);
            Assert.Equal(fingerprint.Assemblies.ContainsKey("TorchSharp"), fingerprint.NativePackages.Contains(libtorch));
            Assert.DoesNotContain(fingerprint.Assemblies.Keys, name => name.StartsWith("System.Runtime", StringComparison.Ordinal));
        }
    }

    /// <summary>For each kind, a change to the code of each assembly it reaches changes the key of a run of that kind.</summary>
    [Fact]
    public void A_change_to_any_assembly_a_kind_reaches_changes_the_key_of_its_runs()
    {
        var original = new CodeFingerprinter(AppDirectory, DepsJson);
        var reached = Kinds.ToDictionary(kind => kind, kind => CodeIdentity.Assemblies(kind, original));
        var texts = Kinds.ToDictionary(kind => kind, kind => CodeIdentity.Fingerprint(kind, original).Text);
        var checkedPairs = 0;
        foreach (var name in reached.Values.SelectMany(a => a).Distinct().Order(StringComparer.Ordinal))
        {
            var changed = ChangeCode(Path.Combine(AppDirectory, name + ".dll"));
            var fingerprinter = new CodeFingerprinter(AppDirectory, DepsJson, n => n == name ? changed : null);
            foreach (var kind in Kinds.Where(k => reached[k].Contains(name)))
            {
                var fingerprint = CodeIdentity.Fingerprint(kind, fingerprinter);
                Assert.True(Key(kind, texts[kind]) != Key(kind, fingerprint.Text), $"{kind}: a change to {name} left the key unchanged");
                Assert.Equal([name], CodeFingerprint.Changed(texts[kind], fingerprint.Text));
                checkedPairs++;
            }
        }

        Assert.True(checkedPairs >= Kinds.Count * 5, $"only {checkedPairs} (kind, assembly) pairs were checked");
    }

    /// <summary>The reproduction: the pixel divisor in Pipeline.Runtime (ScalarConstants) changed from 255 to 254.</summary>
    [Fact]
    public void Changing_the_pixel_divisor_changes_the_key_of_Train_and_not_of_Ensemble()
    {
        var runtime = Path.Combine(AppDirectory, "Pipeline.Runtime.dll");
        var bytes = File.ReadAllBytes(runtime);
        byte[] ldcR4Of255 = [0x22, .. BitConverter.GetBytes(255f)];
        var at = bytes.AsSpan().IndexOf(ldcR4Of255);
        Assert.True(at >= 0, "no ldc.r4 255 in Pipeline.Runtime.dll (ScalarConstants.Float255)");
        BitConverter.GetBytes(254f).CopyTo(bytes, at + 1);
        var changed = Path.Combine(_temp, "Pipeline.Runtime.dll");
        File.WriteAllBytes(changed, bytes);

        var before = new CodeFingerprinter(AppDirectory, DepsJson);
        var after = new CodeFingerprinter(AppDirectory, DepsJson, n => n == "Pipeline.Runtime" ? changed : null);

        Assert.NotEqual(Key(StageKinds.Train, CodeIdentity.Fingerprint(StageKinds.Train, before).Text), Key(StageKinds.Train, CodeIdentity.Fingerprint(StageKinds.Train, after).Text));
        Assert.Equal(Key(StageKinds.Ensemble, CodeIdentity.Fingerprint(StageKinds.Ensemble, before).Text), Key(StageKinds.Ensemble, CodeIdentity.Fingerprint(StageKinds.Ensemble, after).Text));
    }

    /// <summary>What a build in another folder, or an edit of a comment, changes in an assembly: the MVID and the debug directory (PDB path and id).</summary>
    [Fact]
    public void Bytes_that_describe_the_build_do_not_change_the_identity()
    {
        var path = Path.Combine(AppDirectory, CodeIdentity.RootAssembly + ".dll");
        var bytes = File.ReadAllBytes(path);
        using (var pe = new PEReader(new MemoryStream(bytes)))
        {
            var metadata = pe.GetMetadataReader();
            var guidHeap = pe.PEHeaders.MetadataStartOffset + metadata.GetHeapMetadataOffset(HeapIndex.Guid);
            var mvid = guidHeap + ((MetadataTokens.GetHeapOffset(metadata.GetModuleDefinition().Mvid) - 1) * 16);
            bytes[mvid] ^= 0xFF;
            var codeView = pe.ReadDebugDirectory().First(e => e.Type == DebugDirectoryEntryType.CodeView);
            // The PDB path sits at the end of the CodeView record: what PathMap rewrites and a checkout folder changes.
            bytes[codeView.DataPointer + codeView.DataSize - 2] ^= 0x01;
        }

        var rebuilt = Path.Combine(_temp, CodeIdentity.RootAssembly + ".dll");
        File.WriteAllBytes(rebuilt, bytes);

        Assert.NotEqual(ContentHasher.HashBytes(File.ReadAllBytes(path)), ContentHasher.HashBytes(bytes));
        Assert.Equal(AssemblyContentHash.Of(path), AssemblyContentHash.Of(rebuilt));
    }

    /// <summary>The libtorch backend (cpu or cuda, and its version) is part of the key of the kinds that run torch.</summary>
    [Fact]
    public void The_native_backend_package_is_part_of_the_identity_of_kinds_that_load_it()
    {
        var libtorch = NativeLibraries.Load(DepsJson, AppDirectory).Files["libtorch_cpu.so"].Package;
        var cuda = libtorch.Replace("cpu", "cuda-12.8", StringComparison.Ordinal);
        var deps = JsonNode.Parse(File.ReadAllText(DepsJson))!;
        var target = deps["targets"]![deps["runtimeTarget"]!["name"]!.GetValue<string>()]!.AsObject();
        var entry = target[libtorch]!.DeepClone();
        target.Remove(libtorch);
        target[cuda] = entry;
        var changedDeps = Path.Combine(_temp, "app.deps.json");
        File.WriteAllText(changedDeps, deps.ToJsonString());

        var cpu = new CodeFingerprinter(AppDirectory, DepsJson);
        var gpu = new CodeFingerprinter(AppDirectory, changedDeps);

        foreach (var kind in Kinds)
        {
            var before = CodeIdentity.Fingerprint(kind, cpu);
            var after = CodeIdentity.Fingerprint(kind, gpu);
            if (before.NativePackages.Contains(libtorch))
            {
                Assert.Contains(cuda, after.NativePackages);
                Assert.NotEqual(Key(kind, before.Text), Key(kind, after.Text));
            }
            else
            {
                Assert.Equal(before.Text, after.Text);
            }
        }

        Assert.Contains(libtorch, CodeIdentity.Fingerprint(StageKinds.Train, cpu).NativePackages);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Key(string kind, string code) =>
        LockedRun.Of(new StageRun("T", "T", kind) { Code = code }, new Dictionary<string, UpstreamOutput?>(), new Dictionary<string, string>()).Key;

    /// <summary>
    /// A copy of an assembly with a change to its code: one character of the first non-empty string literal its
    /// IL loads (the #US heap), or, in an assembly without any, the last byte of its first method body. The
    /// metadata stays well-formed, so the copy is read like any other build.
    /// </summary>
    private string ChangeCode(string path)
    {
        var bytes = File.ReadAllBytes(path);
        using (var pe = new PEReader(new MemoryStream(bytes)))
        {
            var metadata = pe.GetMetadataReader();
            var heap = pe.PEHeaders.MetadataStartOffset + metadata.GetHeapMetadataOffset(HeapIndex.UserString);
            int? at = null;
            for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil && at is null; handle = metadata.GetNextHandle(handle))
            {
                var offset = heap + MetadataTokens.GetHeapOffset(handle);
                if (metadata.GetUserString(handle).Length > 0 && bytes[offset] < 0x80)
                {
                    at = offset + 1;
                }
            }

            if (at is null)
            {
                var method = metadata.MethodDefinitions.Select(metadata.GetMethodDefinition).First(m => m.RelativeVirtualAddress != 0);
                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                var section = pe.PEHeaders.SectionHeaders.Single(s => method.RelativeVirtualAddress >= s.VirtualAddress && method.RelativeVirtualAddress < s.VirtualAddress + s.VirtualSize);
                at = method.RelativeVirtualAddress - section.VirtualAddress + section.PointerToRawData + body.Size - 1;
            }

            bytes[at.Value] ^= 0x01;
        }

        var changed = Path.Combine(_temp, Path.GetFileName(path));
        File.WriteAllBytes(changed, bytes);
        return changed;
    }
}
