using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Pipeline.Tests.Runtime;

/// <summary>
/// Writes types and methods as text that is the same whether read from the assembly that defines them
/// or from one that references them (<c>TorchSharp.torch/Tensor::add(TorchSharp.torch/Tensor)TorchSharp.torch/Tensor</c>),
/// so a call in our code can be matched with its definition in TorchSharp.dll.
/// </summary>
internal sealed class SignatureNames : ISignatureTypeProvider<string, object?>
{
    public static readonly SignatureNames Instance = new();

    public static string Definition(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil ? Qualified(reader.GetString(type.Namespace), name) : $"{Definition(reader, declaring)}/{name}";
    }

    public static string Reference(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        var name = reader.GetString(type.Name);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? $"{Reference(reader, (TypeReferenceHandle)type.ResolutionScope)}/{name}"
            : Qualified(reader.GetString(type.Namespace), name);
    }

    /// <summary>A type that declares a member or is a base type; generic instantiations are named by their definition.</summary>
    public static string? Owner(MetadataReader reader, EntityHandle handle) => handle.IsNil ? null : handle.Kind switch
    {
        HandleKind.TypeDefinition => Definition(reader, (TypeDefinitionHandle)handle),
        HandleKind.TypeReference => Reference(reader, (TypeReferenceHandle)handle),
        HandleKind.TypeSpecification => StripArguments(reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(Instance, null)),
        _ => null,
    };

    public static string Method(MetadataReader reader, MethodDefinitionHandle handle)
    {
        var method = reader.GetMethodDefinition(handle);
        var signature = method.DecodeSignature(Instance, null);
        return Member(Definition(reader, method.GetDeclaringType()), reader.GetString(method.Name), signature);
    }

    /// <summary>The method a call operand names, with its return type, or null for a field or an unusual parent.</summary>
    public static (string Method, string Returns)? Target(MetadataReader reader, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
            {
                var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                var signature = method.DecodeSignature(Instance, null);
                return (Method(reader, (MethodDefinitionHandle)handle), signature.ReturnType);
            }
            case HandleKind.MemberReference:
            {
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                if (member.GetKind() != MemberReferenceKind.Method || Owner(reader, member.Parent) is not { } owner)
                    {
                        return null;
                    }

                    var signature = member.DecodeMethodSignature(Instance, null);
                return (Member(owner, reader.GetString(member.Name), signature), signature.ReturnType);
            }
            case HandleKind.MethodSpecification:
                return Target(reader, reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            default:
                return null;
        }
    }

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Definition(reader, handle);

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Reference(reader, handle);

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";

    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetPinnedType(string elementType) => elementType;

    private static string Member(string owner, string name, MethodSignature<string> signature) =>
        $"{owner}::{name}({string.Join(",", signature.ParameterTypes)}){signature.ReturnType}";

    private static string Qualified(string space, string name) => space.Length == 0 ? name : $"{space}.{name}";

    private static string StripArguments(string type) => type.IndexOf('<') is var open and >= 0 ? type[..open] : type;
}
