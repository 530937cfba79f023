using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace E2eeConformance.Engine.Tests.Architecture;

/// <summary>
/// Every type of the assembly that one type definition uses: its base type and interfaces, generic constraints, the
/// signatures of its fields, methods, properties and events, the local variables of its method bodies and every type,
/// method or field its IL names (a member's declaring type and signature included). Nested types count as their own
/// definitions; the caller folds them into their outermost declaring type.
/// </summary>
internal sealed class TypeDependencies
{
    private readonly MetadataReader _reader;
    private readonly Func<int, MethodBodyBlock> _bodyAt;
    private readonly DefinedTypeCollector _collector;

    public TypeDependencies(MetadataReader reader, Func<int, MethodBodyBlock> bodyAt)
    {
        _reader = reader;
        _bodyAt = bodyAt;
        _collector = new DefinedTypeCollector(reader);
    }

    /// <summary>The types of the assembly <paramref name="handle"/> uses (itself included when it refers to itself).</summary>
    public IReadOnlySet<TypeDefinitionHandle> Of(TypeDefinitionHandle handle)
    {
        TypeDefinition type = _reader.GetTypeDefinition(handle);
        var used = new HashSet<TypeDefinitionHandle>();
        if (!type.BaseType.IsNil)
        {
            used.UnionWith(_collector.OfType(type.BaseType));
        }

        foreach (InterfaceImplementationHandle implementation in type.GetInterfaceImplementations())
        {
            used.UnionWith(_collector.OfType(_reader.GetInterfaceImplementation(implementation).Interface));
        }

        used.UnionWith(Constraints(type.GetGenericParameters()));
        foreach (FieldDefinitionHandle field in type.GetFields())
        {
            used.UnionWith(_reader.GetFieldDefinition(field).DecodeSignature(_collector, null));
        }

        foreach (PropertyDefinitionHandle property in type.GetProperties())
        {
            MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature = _reader.GetPropertyDefinition(property).DecodeSignature(_collector, null);
            used.UnionWith(DefinedTypeCollector.Flatten(signature));
        }

        foreach (EventDefinitionHandle @event in type.GetEvents())
        {
            used.UnionWith(_collector.OfType(_reader.GetEventDefinition(@event).Type));
        }

        foreach (MethodDefinitionHandle method in type.GetMethods())
        {
            used.UnionWith(OfMethod(_reader.GetMethodDefinition(method)));
        }

        return used;
    }

    private IEnumerable<TypeDefinitionHandle> OfMethod(MethodDefinition method)
    {
        var used = new List<TypeDefinitionHandle>(DefinedTypeCollector.Flatten(method.DecodeSignature(_collector, null)));
        used.AddRange(Constraints(method.GetGenericParameters()));
        if (method.RelativeVirtualAddress == 0)
        {
            return used;
        }

        MethodBodyBlock body = _bodyAt(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            StandaloneSignature locals = _reader.GetStandaloneSignature(body.LocalSignature);
            used.AddRange(locals.DecodeLocalSignature(_collector, null).SelectMany(local => local));
        }

        foreach (EntityHandle token in IlTokens.Read(body))
        {
            used.AddRange(OfToken(token));
        }

        return used;
    }

    private IEnumerable<TypeDefinitionHandle> Constraints(GenericParameterHandleCollection parameters) =>
        parameters.SelectMany(parameter => _reader.GetGenericParameter(parameter).GetConstraints())
            .SelectMany(constraint => _collector.OfType(_reader.GetGenericParameterConstraint(constraint).Type));

    private ImmutableArray<TypeDefinitionHandle> OfToken(EntityHandle token)
    {
        switch (token.Kind)
        {
            case HandleKind.TypeDefinition or HandleKind.TypeSpecification:
                return _collector.OfType(token);
            case HandleKind.MethodDefinition:
                return [_reader.GetMethodDefinition((MethodDefinitionHandle)token).GetDeclaringType()];
            case HandleKind.FieldDefinition:
                return [_reader.GetFieldDefinition((FieldDefinitionHandle)token).GetDeclaringType()];
            case HandleKind.MemberReference:
                return OfMemberReference(_reader.GetMemberReference((MemberReferenceHandle)token));
            case HandleKind.MethodSpecification:
                MethodSpecification specification = _reader.GetMethodSpecification((MethodSpecificationHandle)token);
                return OfToken(specification.Method).AddRange(specification.DecodeSignature(_collector, null).SelectMany(argument => argument));
            case HandleKind.StandaloneSignature:
                StandaloneSignature signature = _reader.GetStandaloneSignature((StandaloneSignatureHandle)token);
                return signature.GetKind() == StandaloneSignatureKind.Method
                    ? DefinedTypeCollector.Flatten(signature.DecodeMethodSignature(_collector, null))
                    : [];
            default:
                return [];
        }
    }

    private ImmutableArray<TypeDefinitionHandle> OfMemberReference(MemberReference member)
    {
        ImmutableArray<TypeDefinitionHandle> parent = member.Parent.Kind == HandleKind.MethodDefinition
            ? [_reader.GetMethodDefinition((MethodDefinitionHandle)member.Parent).GetDeclaringType()]
            : _collector.OfType(member.Parent);
        return member.GetKind() == MemberReferenceKind.Method
            ? parent.AddRange(DefinedTypeCollector.Flatten(member.DecodeMethodSignature(_collector, null)))
            : parent.AddRange(member.DecodeFieldSignature(_collector, null));
    }
}
