using System.Text.Json.Nodes;

namespace Pipeline.Engine;

/// <summary>
/// The native libraries of an application, from its <c>.deps.json</c>: each file with the package (id/version) that
/// ships it. Which of them a set of assemblies loads follows from the assemblies' P/Invoke module names and, from
/// there, the libraries' <c>DT_NEEDED</c> entries. A library is named by its package, not hashed: the files are
/// the package's, except for a compatibility patch some machines apply in place (see Pipeline.Runtime), which
/// must not make keys differ between machines.
/// </summary>
public sealed class NativeLibraries
{
    private readonly Dictionary<string, (string Package, string Path)> _files = new(StringComparer.Ordinal);

    private NativeLibraries()
    {
    }

    /// <summary>Native files by file name, with their package and location.</summary>
    public IReadOnlyDictionary<string, (string Package, string Path)> Files => _files;

    /// <summary>Reads the native assets of <paramref name="depsJson"/>'s runtime target; files are looked for in <paramref name="directory"/>.</summary>
    public static NativeLibraries Load(string depsJson, string directory)
    {
        var result = new NativeLibraries();
        var document = JsonNode.Parse(File.ReadAllText(depsJson))
            ?? throw new InvalidDataException($"{depsJson}: empty");
        var targetName = document["runtimeTarget"]?["name"]?.GetValue<string>()
            ?? throw new InvalidDataException($"{depsJson}: no runtimeTarget.name");
        if (document["targets"]?[targetName] is not JsonObject target)
        {
            throw new InvalidDataException($"{depsJson}: no target '{targetName}'");
        }

        foreach (var (package, node) in target)
        {
            var assets = new List<string>();
            if (node?["native"] is JsonObject native)
            {
                assets.AddRange(native.Select(a => a.Key));
            }

            if (node?["runtimeTargets"] is JsonObject runtimeTargets)
            {
                assets.AddRange(runtimeTargets.Where(a => a.Value?["assetType"]?.GetValue<string>() == "native").Select(a => a.Key));
            }

            foreach (var asset in assets)
            {
                var name = Path.GetFileName(asset);
                var flat = Path.Combine(directory, name);
                result._files.TryAdd(name, (package, File.Exists(flat) ? flat : Path.Combine(directory, asset)));
            }
        }

        return result;
    }

    /// <summary>
    /// Packages (<c>id/version</c>) of the native libraries loaded for P/Invokes into <paramref name="modules"/>
    /// and of everything those need, transitively. Modules that are not app-local (libc, the runtime's own) are skipped.
    /// </summary>
    public SortedSet<string> PackagesFor(IEnumerable<string> modules)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var module in modules)
        {
            if (Match(module) is { } file)
            {
                queue.Enqueue(file);
            }
        }

        var packages = new SortedSet<string>(StringComparer.Ordinal);
        while (queue.Count > 0)
        {
            var file = queue.Dequeue();
            if (!seen.Add(file))
            {
                continue;
            }

            var (package, path) = _files[file];
            packages.Add(package);
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var needed in ElfNeeded.Read(path))
            {
                if (_files.ContainsKey(needed))
                {
                    queue.Enqueue(needed);
                }
            }
        }

        return packages;
    }

    /// <summary>The file the runtime's probing would find for a DllImport module name (<c>LibTorchSharp</c> → <c>libLibTorchSharp.so</c>).</summary>
    private string? Match(string module)
    {
        foreach (var candidate in new[] { module, $"lib{module}.so", $"{module}.so", $"lib{module}" })
        {
            if (_files.ContainsKey(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
