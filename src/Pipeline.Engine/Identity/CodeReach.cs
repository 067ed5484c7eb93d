using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Pipeline.Engine;

/// <summary>
/// Which other assemblies the code reachable from some types of one assembly refers to, found by reading IL.
/// Inside the assembly the walk follows members: a called method is walked (with its type's static constructor);
/// of a constructed type, also every virtual method (any of them may be called through a base or an interface);
/// a type named by a token, a generic argument or a value type in a signature is walked whole (those can be
/// created, and their members called, by reflection or without a visible constructor call).
/// Every reference that leaves the assembly names the assembly it resolves to. So one assembly can hold the
/// glue of several stage kinds, and each kind is keyed by what its own code reaches.
/// </summary>
public sealed class CodeReach
{
    private const byte Newobj = 0x73;
    private readonly MetadataReader _metadata;
    private readonly PEReader _pe;
    private readonly HashSet<TypeDefinitionHandle> _wholeTypes = [];
    private readonly HashSet<MethodDefinitionHandle> _methods = [];
    private readonly HashSet<TypeDefinitionHandle> _constructed = [];
    private readonly HashSet<string> _assemblies = new(StringComparer.Ordinal);
    private readonly Queue<Action> _work = new();
    private readonly SignatureRecorder _recorder;

    private CodeReach(PEReader pe)
    {
        _pe = pe;
        _metadata = pe.GetMetadataReader();
        _recorder = new SignatureRecorder(this);
    }

    /// <summary>
    /// Names of the assemblies (other than <paramref name="assemblyPath"/>'s own) referred to by the code reachable
    /// from the types named in <paramref name="rootTypes"/> (full names, <c>Namespace.Type</c>, nested as <c>Outer+Inner</c>).
    /// </summary>
    public static IReadOnlySet<string> ReferencedAssemblies(string assemblyPath, IEnumerable<string> rootTypes)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream, PEStreamOptions.PrefetchEntireImage);
        var reach = new CodeReach(pe);
        var byName = reach._metadata.TypeDefinitions.ToDictionary(reach.FullName, t => t, StringComparer.Ordinal);
        foreach (var name in rootTypes)
        {
            if (!byName.TryGetValue(name, out var type))
            {
                throw new InvalidOperationException($"{assemblyPath}: no type {name}");
            }

            reach.WholeType(type);
        }

        while (reach._work.Count > 0)
        {
            reach._work.Dequeue()();
        }

        return reach._assemblies;
    }

    private string FullName(TypeDefinitionHandle handle)
    {
        var type = _metadata.GetTypeDefinition(handle);
        var name = _metadata.GetString(type.Name);
        if (type.GetDeclaringType() is { IsNil: false } outer)
        {
            return $"{FullName(outer)}+{name}";
        }

        var space = _metadata.GetString(type.Namespace);
        return space.Length == 0 ? name : $"{space}.{name}";
    }

    private void WholeType(TypeDefinitionHandle handle)
    {
        if (_wholeTypes.Add(handle))
        {
            _work.Enqueue(() => VisitWholeType(handle));
        }
    }

    private void Method(MethodDefinitionHandle handle)
    {
        if (_methods.Add(handle))
        {
            _work.Enqueue(() => VisitMethod(handle));
        }
    }

    private void VisitWholeType(TypeDefinitionHandle handle)
    {
        var type = _metadata.GetTypeDefinition(handle);
        TypeEntity(type.BaseType, whole: true);
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            TypeEntity(_metadata.GetInterfaceImplementation(implementation).Interface, whole: true);
        }

        Attributes(type.GetCustomAttributes());
        foreach (var field in type.GetFields())
        {
            var definition = _metadata.GetFieldDefinition(field);
            definition.DecodeSignature(_recorder, null);
            Attributes(definition.GetCustomAttributes());
        }

        foreach (var method in type.GetMethods())
        {
            Method(method);
        }

        foreach (var property in type.GetProperties())
        {
            Attributes(_metadata.GetPropertyDefinition(property).GetCustomAttributes());
        }
    }

    private void VisitMethod(MethodDefinitionHandle handle)
    {
        var method = _metadata.GetMethodDefinition(handle);
        StaticConstructor(method.GetDeclaringType());
        method.DecodeSignature(_recorder, null);
        Attributes(method.GetCustomAttributes());
        foreach (var parameter in method.GetParameters())
        {
            Attributes(_metadata.GetParameter(parameter).GetCustomAttributes());
        }

        if ((method.Attributes & System.Reflection.MethodAttributes.PinvokeImpl) != 0)
        {
            return;
        }

        if (method.RelativeVirtualAddress == 0)
        {
            return;
        }

        var body = _pe.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            _metadata.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_recorder, null);
        }

        foreach (var region in body.ExceptionRegions)
        {
            if (!region.CatchType.IsNil)
            {
                TypeEntity(region.CatchType, whole: false);
            }
        }

        ScanIl(body.GetILReader());
    }

    private void ScanIl(BlobReader il)
    {
        while (il.RemainingBytes > 0)
        {
            var first = il.ReadByte();
            var operand = first == 0xFE ? IlOpCodes.TwoByte[il.ReadByte()] : IlOpCodes.OneByte[first];
            if (operand is not { } kind)
            {
                throw new InvalidDataException($"unknown IL opcode 0x{first:X2}");
            }

            if (kind == OperandType.InlineSwitch)
            {
                var targets = il.ReadInt32();
                il.Offset += targets * 4;
                continue;
            }

            if (!IlOpCodes.IsToken(kind))
            {
                il.Offset += IlOpCodes.OperandSize(kind);
                continue;
            }

            var token = MetadataTokens.EntityHandle(il.ReadInt32());
            Token(token, constructs: first == Newobj);
        }
    }

    private void Token(EntityHandle handle, bool constructs)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                var method = (MethodDefinitionHandle)handle;
                Method(method);
                if (constructs)
                {
                    Constructed(_metadata.GetMethodDefinition(method).GetDeclaringType());
                }

                break;
            case HandleKind.FieldDefinition:
                var field = _metadata.GetFieldDefinition((FieldDefinitionHandle)handle);
                StaticConstructor(field.GetDeclaringType());
                field.DecodeSignature(_recorder, null);
                break;
            case HandleKind.MemberReference:
                var member = _metadata.GetMemberReference((MemberReferenceHandle)handle);
                TypeEntity(member.Parent, whole: constructs);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(_recorder, null);
                }
                else
                {
                    member.DecodeFieldSignature(_recorder, null);
                }

                break;
            case HandleKind.MethodSpecification:
                var specification = _metadata.GetMethodSpecification((MethodSpecificationHandle)handle);
                Token(specification.Method, constructs);
                GenericArguments(_metadata.GetBlobReader(specification.Signature));
                break;
            case HandleKind.StandaloneSignature:
                var signature = _metadata.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                if (signature.GetKind() == StandaloneSignatureKind.Method)
                {
                    signature.DecodeMethodSignature(_recorder, null);
                }

                break;
            default:
                // A type named by a token (ldtoken, box, initobj, newarr, castclass, ...): it may be created by reflection.
                TypeEntity(handle, whole: true);
                break;
        }
    }

    /// <summary>Root-assembly types among the generic arguments of a method instantiation are walked whole.</summary>
    private void GenericArguments(BlobReader blob)
    {
        _recorder.WholeDefinitions = true;
        try
        {
            new SignatureDecoder<bool, object?>(_recorder, _metadata, null).DecodeMethodSpecificationSignature(ref blob);
        }
        finally
        {
            _recorder.WholeDefinitions = false;
        }
    }

    /// <summary>
    /// An instance is created by a visible constructor call: besides that constructor (walked by the caller), any
    /// of its virtual methods (overrides, interface implementations, its finaliser) may run, and so may those of
    /// its base types. Its other methods run only where something calls them, and those calls are walked.
    /// </summary>
    private void Constructed(TypeDefinitionHandle handle)
    {
        if (!_constructed.Add(handle))
        {
            return;
        }

        var type = _metadata.GetTypeDefinition(handle);
        StaticConstructor(handle);
        TypeEntity(type.BaseType, whole: false);
        if (type.BaseType.Kind == HandleKind.TypeDefinition)
        {
            Constructed((TypeDefinitionHandle)type.BaseType);
        }

        foreach (var method in type.GetMethods())
        {
            if ((_metadata.GetMethodDefinition(method).Attributes & System.Reflection.MethodAttributes.Virtual) != 0)
            {
                Method(method);
            }
        }
    }

    private void StaticConstructor(TypeDefinitionHandle handle)
    {
        foreach (var method in _metadata.GetTypeDefinition(handle).GetMethods())
        {
            if (_metadata.GetString(_metadata.GetMethodDefinition(method).Name) == ".cctor")
            {
                Method(method);
            }
        }
    }

    private void Attributes(CustomAttributeHandleCollection attributes)
    {
        foreach (var attribute in attributes)
        {
            Token(_metadata.GetCustomAttribute(attribute).Constructor, constructs: true);
        }
    }

    /// <summary>A type by handle: a definition is walked (whole, or only when it is a value type), a reference names its assembly.</summary>
    private void TypeEntity(EntityHandle handle, bool whole)
    {
        if (handle.IsNil)
        {
            return;
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                var definition = (TypeDefinitionHandle)handle;
                if (whole || IsValueType(definition))
                {
                    WholeType(definition);
                }

                break;
            case HandleKind.TypeReference:
                Reference((TypeReferenceHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                var saved = _recorder.WholeDefinitions;
                _recorder.WholeDefinitions = whole;
                try
                {
                    _metadata.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_recorder, null);
                }
                finally
                {
                    _recorder.WholeDefinitions = saved;
                }

                break;
            case HandleKind.MethodDefinition:
                Token(handle, constructs: whole);
                break;
            case HandleKind.ModuleReference:
                break;
        }
    }

    private bool IsValueType(TypeDefinitionHandle handle)
    {
        var baseType = _metadata.GetTypeDefinition(handle).BaseType;
        if (baseType.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var reference = _metadata.GetTypeReference((TypeReferenceHandle)baseType);
        return _metadata.GetString(reference.Namespace) == "System" && _metadata.GetString(reference.Name) is "ValueType" or "Enum";
    }

    private void Reference(TypeReferenceHandle handle)
    {
        var scope = _metadata.GetTypeReference(handle).ResolutionScope;
        switch (scope.Kind)
        {
            case HandleKind.AssemblyReference:
                _assemblies.Add(_metadata.GetString(_metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name));
                break;
            case HandleKind.TypeReference:
                Reference((TypeReferenceHandle)scope);
                break;
        }
    }

    /// <summary>Decodes signatures for their side effect: every type in them is passed to <see cref="TypeEntity"/>.</summary>
    private sealed class SignatureRecorder(CodeReach reach) : ISignatureTypeProvider<bool, object?>
    {
        /// <summary>Whether root-assembly classes met now are walked whole (generic arguments), not only value types.</summary>
        public bool WholeDefinitions { get; set; }

        public bool GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            reach.TypeEntity(handle, WholeDefinitions);
            return true;
        }

        public bool GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            reach.TypeEntity(handle, whole: false);
            return true;
        }

        public bool GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            reach.TypeEntity(handle, WholeDefinitions);
            return true;
        }

        public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => true;

        public bool GetArrayType(bool elementType, ArrayShape shape) => true;

        public bool GetByReferenceType(bool elementType) => true;

        public bool GetFunctionPointerType(MethodSignature<bool> signature) => true;

        public bool GetGenericMethodParameter(object? genericContext, int index) => true;

        public bool GetGenericTypeParameter(object? genericContext, int index) => true;

        public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => true;

        public bool GetPinnedType(bool elementType) => true;

        public bool GetPointerType(bool elementType) => true;

        public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => true;

        public bool GetSZArrayType(bool elementType) => true;
    }
}
