using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Pipeline.Tests.Runtime;

/// <summary>
/// Finds, in compiled IL, the places where a TorchSharp <c>Scalar</c> is owned only by the garbage collector
/// while native code reads it. TorchSharp 0.107 hands a Scalar's handle to native code without keeping
/// the Scalar alive, so its finalizer can free it mid-call (libtorch's <c>c10::Scalar::toFloat</c> check,
/// "Unknown scalar type"). Flagged: an implicit number → Scalar conversion; a <c>ToScalar()</c> whose
/// result is neither a disposed local nor a field; a call into a TorchSharp method that does either
/// inside (found by reading TorchSharp.dll itself, through its own calls: <c>a + b</c> passes an implicit
/// alpha); creating a TorchSharp module whose <c>forward</c> does (BatchNorm counts batches with <c>add_(1)</c>).
/// TorchSharp's optimizers are left to the optimizer code, which replaces them.
/// </summary>
internal sealed class ScalarLifetimeScanner
{
    private const string ImplicitConversion = "TorchSharp.Scalar::op_Implicit(";
    private static readonly string[] Creators = ["TorchSharp.ScalarExtensionMethods::ToScalar(", "TorchSharp.torch/Tensor::ToScalar("];
    private static readonly string[] Disposals = ["System.IDisposable::Dispose()", "TorchSharp.Scalar::Dispose()"];
    private static readonly string[] ConversionTypes = ["TorchSharp.Scalar", "TorchSharp.ScalarExtensionMethods"];

    private readonly Dictionary<string, string> unsafeMethods = [];
    private readonly Dictionary<string, string> unsafeModules = [];

    /// <param name="torchSharpPath">TorchSharp.dll, read once to learn which of its methods and modules create Scalars unsafely.</param>
    public ScalarLifetimeScanner(string torchSharpPath)
    {
        using var pe = new PEReader(File.OpenRead(torchSharpPath));
        var reader = pe.GetMetadataReader();
        var callers = new Dictionary<string, List<string>>();
        var forwards = new Dictionary<string, List<string>>();
        var baseTypes = new Dictionary<string, string>();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(typeHandle);
            var typeName = SignatureNames.Definition(reader, typeHandle);
            if (SignatureNames.Owner(reader, type.BaseType) is { } baseName)
            {
                baseTypes[typeName] = baseName;
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                var name = SignatureNames.Method(reader, methodHandle);
                if (reader.GetString(method.Name) == "forward")
                {
                    Add(forwards, typeName, name);
                }

                if (method.RelativeVirtualAddress == 0 || ConversionTypes.Contains(typeName))
                {
                    continue;
                }

                var body = IlInstruction.Decode(pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!);
                foreach (var (_, problem) in Problems(reader, body))
                {
                    unsafeMethods.TryAdd(name, problem);
                }

                foreach (var instruction in body.Where(i => i.TargetsMethod))
                {
                    if (SignatureNames.Target(reader, TokenOf(instruction)) is { } target)
                    {
                        Add(callers, target.Method, name);
                    }
                }
            }
        }

        var pending = new Queue<string>(unsafeMethods.Keys);
        while (pending.TryDequeue(out var callee))
        {
            foreach (var caller in callers.GetValueOrDefault(callee) ?? [])
            {
                if (unsafeMethods.TryAdd(caller, $"calls {callee}"))
                {
                    pending.Enqueue(caller);
                }
            }
        }

        foreach (var typeName in baseTypes.Keys.Concat(forwards.Keys).Distinct())
        {
            for (string? current = typeName; current is not null; current = baseTypes.GetValueOrDefault(current))
            {
                if (!forwards.TryGetValue(current, out var declared))
                {
                    continue;
                }

                if (declared.FirstOrDefault(unsafeMethods.ContainsKey) is { } unsafeForward)
                {
                    unsafeModules[typeName] = unsafeForward;
                }

                break;
            }
        }
    }

    /// <summary>TorchSharp methods that create a Scalar only the garbage collector owns, directly or through the methods they call, with the reason.</summary>
    public IReadOnlyDictionary<string, string> UnsafeMethods => unsafeMethods;

    /// <summary>TorchSharp module types whose <c>forward</c> is among <see cref="UnsafeMethods"/>.</summary>
    public IReadOnlyDictionary<string, string> UnsafeModules => unsafeModules;

    /// <summary>Every finding in an assembly's method bodies, as "Type::Method (file:line): problem".</summary>
    /// <param name="includeType">Limits the scan to some types (by full name); all when null.</param>
    public List<string> Scan(string assemblyPath, Func<string, bool>? includeType = null)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var reader = pe.GetMetadataReader();
        var pdbPath = Path.ChangeExtension(assemblyPath, ".pdb");
        using var pdbProvider = File.Exists(pdbPath) ? MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdbPath)) : null;
        var pdb = pdbProvider?.GetMetadataReader();
        var findings = new List<string>();
        foreach (var typeHandle in reader.TypeDefinitions)
        {
            var typeName = SignatureNames.Definition(reader, typeHandle);
            if (includeType is not null && !includeType(typeName))
            {
                continue;
            }

            foreach (var methodHandle in reader.GetTypeDefinition(typeHandle).GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                var body = IlInstruction.Decode(pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!);
                var where = $"{typeName}::{reader.GetString(method.Name)}";
                var problems = Problems(reader, body).ToList();
                foreach (var instruction in body.Where(i => i.TargetsMethod))
                {
                    if (SignatureNames.Target(reader, TokenOf(instruction)) is not { } target)
                    {
                        continue;
                    }

                    if (unsafeMethods.TryGetValue(target.Method, out var reason))
                    {
                        problems.Add((instruction, $"calls {target.Method}, which {Describe(reason)}"));
                    }

                    var created = instruction.OpCode == OpCodes.Newobj ? target.Method[..target.Method.IndexOf("::", StringComparison.Ordinal)] : target.Returns;
                    if (unsafeModules.TryGetValue(created, out var forward))
                    {
                        problems.Add((instruction, $"creates a {created}, whose {forward} converts a number to a Scalar inside"));
                    }
                }
                findings.AddRange(problems.Select(p => $"{where} ({Line(pdb, methodHandle, p.At.Offset)}): {p.Problem}"));
            }
        }
        return findings;
    }

    /// <summary>Implicit conversions, and ToScalar results that are not kept alive past the calls that read them.</summary>
    private static IEnumerable<(IlInstruction At, string Problem)> Problems(MetadataReader reader, List<IlInstruction> body)
    {
        for (var k = 0; k < body.Count; k++)
        {
            if (!body[k].TargetsMethod || SignatureNames.Target(reader, TokenOf(body[k])) is not { } target)
            {
                continue;
            }

            if (target.Method.StartsWith(ImplicitConversion, StringComparison.Ordinal))
            {
                yield return (body[k], $"converts a number to a Scalar implicitly ({target.Method})");
            }
            else if (Creators.Any(c => target.Method.StartsWith(c, StringComparison.Ordinal)))
            {
                var next = k + 1 < body.Count ? body[k + 1] : default;
                var kept = next.StoresField || next.StoredLocal is { } local && IsDisposed(reader, body, local);
                if (!kept)
                {
                    yield return (body[k], $"does not keep the Scalar from {target.Method} in a disposed local or a field");
                }
            }
        }
    }

    private static bool IsDisposed(MetadataReader reader, List<IlInstruction> body, int local)
    {
        for (var k = 0; k + 1 < body.Count; k++)
        {
            if (body[k].LoadedLocal == local && body[k + 1].TargetsMethod
                && SignatureNames.Target(reader, TokenOf(body[k + 1])) is { } target
                && Disposals.Any(d => target.Method.StartsWith(d, StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    private static string Describe(string reason) => reason.StartsWith("calls ", StringComparison.Ordinal)
        ? $"{reason}, down to a Scalar only the garbage collector owns"
        : reason;

    private static string Line(MetadataReader? pdb, MethodDefinitionHandle method, int offset)
    {
        if (pdb is null)
        {
            return $"IL_{offset:x4}";
        }

        SequencePoint? last = null;
        foreach (var point in pdb.GetMethodDebugInformation(method).GetSequencePoints())
        {
            if (!point.IsHidden && point.Offset <= offset)
            {
                last = point;
            }
        }
        return last is { } p ? $"{Path.GetFileName(pdb.GetString(pdb.GetDocument(p.Document).Name))}:{p.StartLine}" : $"IL_{offset:x4}";
    }

    private static EntityHandle TokenOf(IlInstruction instruction) => MetadataTokens.EntityHandle(instruction.Operand);

    private static void Add(Dictionary<string, List<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
