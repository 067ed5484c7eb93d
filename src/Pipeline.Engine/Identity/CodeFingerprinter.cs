using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Pipeline.Engine;

/// <summary>
/// Computes <see cref="CodeFingerprint"/>s from an application folder: the assemblies a set of root types reaches
/// (<see cref="CodeReach"/> inside the root assembly, then every app-local assembly those reference, transitively),
/// and the native packages they load (<see cref="NativeLibraries"/>). Framework assemblies are not app-local and stay
/// out (the target framework is fixed by the build). Content hashes are computed once per file.
/// </summary>
public sealed class CodeFingerprinter
{
    private readonly Func<string, string?> _locate;
    private readonly Lazy<NativeLibraries> _native;
    private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (IReadOnlyList<string> References, IReadOnlyList<string> Modules)> _metadata = new(StringComparer.Ordinal);

    /// <param name="directory">The application folder (where the assemblies and native libraries are).</param>
    /// <param name="depsJson">The application's <c>.deps.json</c>.</param>
    /// <param name="locate">Overrides where an assembly's file is (by simple name); null: <c>directory/name.dll</c> when it exists.</param>
    public CodeFingerprinter(string directory, string depsJson, Func<string, string?>? locate = null)
    {
        var defaultLocate = (string name) => Path.Combine(directory, name + ".dll") is var path && File.Exists(path) ? path : null;
        _locate = locate is null ? defaultLocate : name => locate(name) ?? defaultLocate(name);
        _native = new Lazy<NativeLibraries>(() => NativeLibraries.Load(depsJson, directory));
    }

    /// <summary>A fingerprinter of the running application (its base folder and deps file).</summary>
    public static CodeFingerprinter ForCurrentApplication()
    {
        var directory = AppContext.BaseDirectory;
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name;
        var candidates = new List<string>();
        if (entry is not null)
        {
            candidates.Add(Path.Combine(directory, entry + ".deps.json"));
        }

        candidates.AddRange((AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? "").Split(';', ':'));
        var deps = candidates.FirstOrDefault(c => c.EndsWith(".deps.json", StringComparison.Ordinal) && File.Exists(c))
            ?? throw new InvalidOperationException($"no .deps.json for the application in {directory}");
        return new CodeFingerprinter(directory, deps);
    }

    /// <summary>Assembly names reached from <paramref name="rootTypes"/> of <paramref name="rootAssembly"/>, the root assembly included.</summary>
    public IReadOnlySet<string> AssembliesReached(string rootAssembly, IEnumerable<string> rootTypes)
    {
        var rootPath = Locate(rootAssembly);
        var closure = new SortedSet<string>(StringComparer.Ordinal) { rootAssembly };
        var queue = new Queue<string>(CodeReach.ReferencedAssemblies(rootPath, rootTypes));
        while (queue.Count > 0)
        {
            var name = queue.Dequeue();
            if (_locate(name) is null || !closure.Add(name))
            {
                continue;
            }

            foreach (var reference in Metadata(name).References)
            {
                queue.Enqueue(reference);
            }
        }

        return closure;
    }

    /// <summary>The fingerprint of the code reached from <paramref name="rootTypes"/> of <paramref name="rootAssembly"/>.</summary>
    public CodeFingerprint Fingerprint(string rootAssembly, IEnumerable<string> rootTypes)
    {
        var assemblies = AssembliesReached(rootAssembly, rootTypes);
        var hashes = assemblies.ToDictionary(name => name, name => Hash(Locate(name)), StringComparer.Ordinal);
        var native = _native.Value.PackagesFor(assemblies.SelectMany(name => Metadata(name).Modules));
        return new CodeFingerprint { Assemblies = hashes, NativePackages = [.. native] };
    }

    private string Locate(string name) =>
        _locate(name) ?? throw new FileNotFoundException($"assembly {name} is not in the application folder");

    private string Hash(string path)
    {
        lock (_hashes)
        {
            if (!_hashes.TryGetValue(path, out var hash))
            {
                hash = AssemblyContentHash.Of(path);
                _hashes[path] = hash;
            }

            return hash;
        }
    }

    private (IReadOnlyList<string> References, IReadOnlyList<string> Modules) Metadata(string name)
    {
        lock (_metadata)
        {
            if (!_metadata.TryGetValue(name, out var entry))
            {
                using var stream = File.OpenRead(Locate(name));
                using var pe = new PEReader(stream);
                var reader = pe.GetMetadataReader();
                entry = (
                    reader.AssemblyReferences.Select(r => reader.GetString(reader.GetAssemblyReference(r).Name)).ToList(),
                    Enumerable.Range(1, reader.GetTableRowCount(TableIndex.ModuleRef))
                        .Select(row => reader.GetString(reader.GetModuleReference(MetadataTokens.ModuleReferenceHandle(row)).Name)).ToList());
                _metadata[name] = entry;
            }

            return entry;
        }
    }
}
