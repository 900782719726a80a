using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace ContainerScheduling.Tests;

/// <summary>
/// An assembly's public surface as sorted, normalised text, compared with a checked-in approved file, so that
/// every API change shows up as a reviewed diff. Compiled into each test project that snapshots an assembly.
/// </summary>
internal static class PublicApiSnapshot
{
    /// <summary>
    /// Null when <paramref name="assembly"/>'s surface equals <paramref name="approvedFile"/> (copied to the output
    /// folder); otherwise writes the surface beside the approved file in <paramref name="sourceFolder"/> and returns
    /// the failure message, with the command that approves the change.
    /// </summary>
    public static string? Difference(Assembly assembly, string approvedFile, string sourceFolder)
    {
        var received = Describe(assembly);
        var approvedPath = Path.Combine(AppContext.BaseDirectory, approvedFile);
        var approved = File.Exists(approvedPath) ? Normalise(File.ReadAllText(approvedPath)) : "";
        var folder = Directory.Exists(sourceFolder) ? sourceFolder : AppContext.BaseDirectory;
        var receivedPath = Path.Combine(folder, approvedFile.Replace(".approved.", ".received.", StringComparison.Ordinal));
        if (received == approved)
        {
            File.Delete(receivedPath);
            return null;
        }

        File.WriteAllText(receivedPath, received);
        return $"The public API differs from {approvedFile} ({FirstDifference(approved, received)}). The surface now is in {receivedPath}. "
            + $"If the change is intended, approve it: cp \"{receivedPath}\" \"{Path.Combine(folder, approvedFile)}\" and commit the diff.";
    }

    /// <summary>The public surface: exported types sorted by name, each with its visible members sorted by kind, name and signature.</summary>
    public static string Describe(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(TypeHeader(type)).Append('\n');
            // Members by kind, then name, then signature: an overload or a changed signature shows as one line.
            var members = Members(type)
                .OrderBy(m => KindOrder.IndexOf(m.Kind))
                .ThenBy(m => m.Name, StringComparer.Ordinal)
                .ThenBy(m => m.Text, StringComparer.Ordinal);
            foreach (var member in members)
            {
                text.Append("  ").Append(member.Text).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string FirstDifference(string approved, string received)
    {
        var a = approved.Split('\n');
        var r = received.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, r.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end>";
            var right = i < r.Length ? r[i] : "<end>";
            if (left != right)
            {
                return $"line {i + 1}: approved '{left}', now '{right}'";
            }
        }

        return "no line differs";
    }

    private static string TypeHeader(Type type)
    {
        string kind;
        if (type.IsEnum)
        {
            kind = "enum";
        }
        else if (type.IsInterface)
        {
            kind = "interface";
        }
        else if (type.IsValueType)
        {
            kind = (type.IsDefined(typeof(IsReadOnlyAttribute)) ? "readonly " : "") + (type.IsByRefLike ? "ref " : "") + "struct";
        }
        else
        {
            kind = (type.IsAbstract && type.IsSealed ? "static " : type.IsSealed ? "sealed " : type.IsAbstract ? "abstract " : "") + "class";
        }

        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
        {
            bases.Add(Name(baseType));
        }

        if (type.IsEnum)
        {
            bases.Add(Name(Enum.GetUnderlyingType(type)));
        }
        else
        {
            bases.AddRange(type.GetInterfaces().Select(Name).Order(StringComparer.Ordinal));
        }

        return $"public {kind} {Name(type)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}";
    }

    private static readonly List<string> KindOrder = ["value", "field", "constructor", "property", "method", "event"];

    private static IEnumerable<(string Kind, string Name, string Text)> Members(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var nullability = new NullabilityInfoContext();
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                yield return ("value", field.Name, $"value {field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}");
            }

            yield break;
        }

        foreach (var constructor in type.GetConstructors(All).Where(c => Visible(c)))
        {
            yield return ("constructor", "", $"constructor {Access(constructor)} {Name(type)}({Parameters(constructor, nullability)})");
        }

        foreach (var method in type.GetMethods(All).Where(m => Visible(m) && (!m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal))))
        {
            var generic = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";
            var returns = Name(method.ReturnType, nullability.Create(method.ReturnParameter));
            yield return ("method", method.Name, $"method {Access(method)}{Modifiers(method, type)} {returns} {method.Name}{generic}({Parameters(method, nullability)})");
        }

        foreach (var property in type.GetProperties(All))
        {
            var accessors = new[] { property.GetMethod, property.SetMethod }.Where(a => a is not null && Visible(a)).ToArray();
            if (accessors.Length == 0)
            {
                continue;
            }

            var first = accessors[0]!;
            var parts = new List<string>();
            if (property.GetMethod is { } getter && Visible(getter))
            {
                parts.Add("get;");
            }

            if (property.SetMethod is { } setter && Visible(setter))
            {
                var init = setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
                parts.Add(init ? "init;" : "set;");
            }

            var indexer = property.GetIndexParameters();
            var name = indexer.Length == 0 ? property.Name : $"this[{string.Join(", ", indexer.Select(p => $"{Name(p.ParameterType, nullability.Create(p))} {p.Name}"))}]";
            yield return ("property", property.Name, $"property {Access(first)}{Modifiers(first, type)} {Name(property.PropertyType, nullability.Create(property))} {name} {{ {string.Join(" ", parts)} }}");
        }

        foreach (var field in type.GetFields(All).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
        {
            var constant = field.IsLiteral ? $" = {Literal(field.GetRawConstantValue())}" : "";
            var modifiers = field.IsLiteral ? " const" : (field.IsStatic ? " static" : "") + (field.IsInitOnly ? " readonly" : "");
            yield return ("field", field.Name, $"field {(field.IsPublic ? "public" : "protected")}{modifiers} {Name(field.FieldType, nullability.Create(field))} {field.Name}{constant}");
        }

        foreach (var @event in type.GetEvents(All).Where(e => e.AddMethod is { } add && Visible(add)))
        {
            yield return ("event", @event.Name, $"event {Access(@event.AddMethod!)} {Name(@event.EventHandlerType!)} {@event.Name}");
        }
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? "public" : "protected";

    private static string Modifiers(MethodInfo method, Type type)
    {
        if (method.IsStatic)
        {
            return " static";
        }

        if (type.IsInterface)
        {
            return method.IsAbstract ? " abstract" : "";
        }

        if (method.IsAbstract)
        {
            return " abstract";
        }

        if (method.GetBaseDefinition() != method)
        {
            return method.IsFinal ? " sealed override" : " override";
        }

        return method.IsVirtual && !method.IsFinal ? " virtual" : "";
    }

    private static string Parameters(MethodBase method, NullabilityInfoContext nullability) =>
        string.Join(", ", method.GetParameters().Select(p =>
        {
            var type = p.ParameterType;
            var prefix = p.IsDefined(typeof(ParamArrayAttribute)) ? "params "
                : type.IsByRef && p.IsOut ? "out "
                : type.IsByRef && p.IsIn ? "in "
                : type.IsByRef ? "ref "
                : "";
            var shown = Name(type.IsByRef ? type.GetElementType()! : type, nullability.Create(p));
            var defaultValue = p.HasDefaultValue ? $" = {Literal(p.DefaultValue)}" : "";
            return $"{prefix}{shown} {p.Name}{defaultValue}";
        }));

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        Enum e => $"{Name(e.GetType())}.{e}",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Name(Type type) => Name(type, null);

    private static string Name(Type type, NullabilityInfo? nullability)
    {
        var nullable = nullability?.ReadState == NullabilityState.Nullable && !type.IsValueType ? "?" : "";
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!, nullability?.ElementType) + "[]" + nullable;
        }

        if (type.IsByRef)
        {
            return Name(type.GetElementType()!, nullability) + "&";
        }

        if (type.IsGenericParameter)
        {
            return type.Name + nullable;
        }

        var keyword = Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "bool",
            TypeCode.Byte => "byte",
            TypeCode.Int32 => "int",
            TypeCode.Int64 => "long",
            TypeCode.Double => "double",
            TypeCode.String => "string",
            _ => type == typeof(object) ? "object" : type == typeof(void) ? "void" : null,
        };
        if (keyword is not null && !type.IsEnum)
        {
            return keyword + nullable;
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : $"{type.Namespace}.{type.Name}";
        if (!type.IsGenericType)
        {
            return name + nullable;
        }

        var arguments = type.GetGenericArguments();
        var shown = arguments.Select((a, i) => Name(a, nullability is not null && i < nullability.GenericTypeArguments.Length ? nullability.GenericTypeArguments[i] : null));
        return $"{name[..name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", shown)}>{nullable}";
    }
}
