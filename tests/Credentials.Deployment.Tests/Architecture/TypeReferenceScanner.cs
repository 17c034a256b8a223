using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Credentials.Deployment.Tests.Architecture;

/// <summary>
/// Which other assemblies' types the types of one namespace use, read from a compiled assembly: base types, interfaces,
/// attributes, fields, properties, events, method signatures and method bodies (locals, calls, field accesses, type
/// tokens, catch clauses), including what the compiler generates inside those types (lambdas' closures, async state
/// machines, local functions). A method called on one of our own types counts with the types of its signature, so a
/// forbidden type cannot pass through a shared library unseen.
/// </summary>
internal static class TypeReferenceScanner
{
    /// <summary>
    /// Every use, by a type of <paramref name="namespacePrefix"/> (or a namespace under it), of a type whose assembly
    /// <paramref name="forbidden"/> matches, as "<c>user type → used type [assembly]</c>", once each.
    /// </summary>
    public static IReadOnlyList<string> Find(string assemblyPath, string namespacePrefix, Func<string, bool> forbidden)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters { ReadSymbols = false });
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes().Where(t => InNamespace(t, namespacePrefix)))
        {
            var user = Outermost(type).FullName;
            foreach (var used in UsedTypes(type))
            {
                foreach (var leaf in Leaves(used))
                {
                    if (leaf.Scope is AssemblyNameReference assembly && forbidden(assembly.Name))
                    {
                        found.Add($"{user} → {leaf.FullName} [{assembly.Name}]");
                    }
                }
            }
        }

        return [.. found];
    }

    private static bool InNamespace(TypeDefinition type, string prefix)
    {
        var ns = Outermost(type).Namespace;
        return ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal);
    }

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }

    private static IEnumerable<TypeReference> UsedTypes(TypeDefinition type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var item in type.Interfaces)
        {
            yield return item.InterfaceType;
        }

        foreach (var used in Attributes(type).Concat(GenericConstraints(type)))
        {
            yield return used;
        }

        foreach (var field in type.Fields)
        {
            yield return field.FieldType;
            foreach (var used in Attributes(field))
            {
                yield return used;
            }
        }

        foreach (var property in type.Properties)
        {
            yield return property.PropertyType;
        }

        foreach (var @event in type.Events)
        {
            yield return @event.EventType;
        }

        foreach (var method in type.Methods)
        {
            foreach (var used in Signature(method).Concat(Attributes(method)).Concat(GenericConstraints(method)).Concat(Body(method)))
            {
                yield return used;
            }
        }
    }

    private static IEnumerable<TypeReference> Body(MethodDefinition method)
    {
        if (!method.HasBody)
        {
            yield break;
        }

        foreach (var variable in method.Body.Variables)
        {
            yield return variable.VariableType;
        }

        foreach (var handler in method.Body.ExceptionHandlers)
        {
            if (handler.CatchType is { } catchType)
            {
                yield return catchType;
            }
        }

        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference operandType:
                    yield return operandType;
                    break;
                case MethodReference called:
                    foreach (var used in Signature(called))
                    {
                        yield return used;
                    }

                    break;
                case FieldReference field:
                    yield return field.DeclaringType;
                    yield return field.FieldType;
                    break;
                case CallSite callSite:
                    yield return callSite.ReturnType;
                    foreach (var parameter in callSite.Parameters)
                    {
                        yield return parameter.ParameterType;
                    }

                    break;
            }
        }
    }

    /// <summary>The declaring type, return type, parameter types and generic arguments of a method.</summary>
    private static IEnumerable<TypeReference> Signature(MethodReference method)
    {
        yield return method.DeclaringType;
        yield return method.ReturnType;
        foreach (var parameter in method.Parameters)
        {
            yield return parameter.ParameterType;
        }

        if (method is GenericInstanceMethod generic)
        {
            foreach (var argument in generic.GenericArguments)
            {
                yield return argument;
            }
        }
    }

    private static IEnumerable<TypeReference> Attributes(ICustomAttributeProvider provider) =>
        provider.HasCustomAttributes ? provider.CustomAttributes.Select(a => a.AttributeType) : [];

    private static IEnumerable<TypeReference> GenericConstraints(IGenericParameterProvider provider) =>
        provider.HasGenericParameters ? provider.GenericParameters.SelectMany(p => p.Constraints).Select(c => c.ConstraintType) : [];

    /// <summary>The named types inside a type reference: <c>Task&lt;NpgsqlConnection[]&gt;</c> is Task and NpgsqlConnection.</summary>
    private static IEnumerable<TypeReference> Leaves(TypeReference type)
    {
        switch (type)
        {
            case GenericParameter:
                yield break;
            case GenericInstanceType generic:
                foreach (var leaf in Leaves(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Leaves)))
                {
                    yield return leaf;
                }

                yield break;
            case FunctionPointerType pointer:
                foreach (var leaf in Leaves(pointer.ReturnType).Concat(pointer.Parameters.SelectMany(p => Leaves(p.ParameterType))))
                {
                    yield return leaf;
                }

                yield break;
            case TypeSpecification specification:
                foreach (var leaf in Leaves(specification.ElementType))
                {
                    yield return leaf;
                }

                yield break;
            default:
                yield return type;
                yield break;
        }
    }
}
