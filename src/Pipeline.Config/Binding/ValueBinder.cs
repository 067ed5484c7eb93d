using System.Collections.ObjectModel;
using System.Reflection;
using System.Text.Json.Nodes;
using Pipeline.Config.Yaml;
using Pipeline.Foundation;

namespace Pipeline.Config.Binding;

/// <summary>
/// Binds <see cref="YamlNode"/>s to values of configuration types. It never stops at the first
/// problem: each one is recorded with its position and the binder goes on with the next value, so
/// a user sees every mistake of a file at once. A value that failed to bind is left out, and a
/// record with any failed value is not constructed (its validation would only repeat the problem).
/// </summary>
internal sealed class ValueBinder(string file, List<ConfigError> errors)
{
    private static readonly MethodInfo MakeListMethod =
        typeof(ValueBinder).GetMethod(nameof(MakeList), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo MakeDictionaryMethod =
        typeof(ValueBinder).GetMethod(nameof(MakeDictionary), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Binds <paramref name="node"/> into <paramref name="slot"/>. <paramref name="current"/> is the value
    /// the slot has before binding (a default); a record written partly keeps the rest of it.
    /// <paramref name="extraKeys"/> are keys of this mapping that other readers own (top-level sections).
    /// </summary>
    public bool TryBind(Slot slot, YamlNode node, string path, object? current, out object? value, IReadOnlySet<string>? extraKeys = null)
    {
        value = null;
        if (node is YamlScalar { IsNull: true })
        {
            if (slot.AllowsNull)
            {
                return true;
            }

            Error(node, path, $"{Name(path)} must not be null");
            return false;
        }

        var type = Nullable.GetUnderlyingType(slot.Type) ?? slot.Type;
        if (ScalarTypes.IsJson(type))
        {
            return TryBindJson(type, node, path, out value);
        }

        if (ScalarTypes.IsScalar(type))
        {
            return TryBindScalar(type, node, path, out value);
        }

        if (type.IsArray || CollectionKind.ListElement(type) is not null)
        {
            return TryBindList(slot, type, node, path, out value);
        }

        if (CollectionKind.DictionaryValue(type) is not null)
        {
            return TryBindDictionary(slot, type, node, path, out value);
        }

        if (UnionShape.IsUnion(type))
        {
            return TryBindUnion(type, node, path, out value);
        }

        if (type.IsClass && !type.IsAbstract)
        {
            return TryBindRecord(slot, RecordShape.For(type), node, path, current, out value, extraKeys);
        }

        throw new NotSupportedException($"The configuration binder does not support {type} (at '{path}').");
    }

    public void Error(YamlNode node, string path, string message) =>
        errors.Add(new ConfigError(node.Origin ?? file, node.Line, node.Column, path, message));

    /// <summary>Reports keys written twice in <paramref name="mapping"/>; the first one is the one bound.</summary>
    public void CheckDuplicates(YamlMapping mapping, string path)
    {
        var seen = new Dictionary<string, YamlEntry>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key is null)
            {
                Error(entry.KeyNode, path, $"expected a plain key{In(path)}, got {entry.KeyNode.Describe()}");
            }
            else if (!seen.TryAdd(entry.Key, entry))
            {
                Error(entry.KeyNode, Messages.Child(path, entry.Key),
                    $"duplicate key '{entry.Key}'{In(path)} (first written at line {seen[entry.Key].KeyNode.Line})");
            }
        }
    }

    public void UnknownKey(YamlNode keyNode, string path, string key, IReadOnlyCollection<string> allowed)
    {
        var child = Messages.Child(path, key);
        var suggestion = Suggestions.Closest(key, allowed);
        if (suggestion is not null)
        {
            Error(keyNode, child, $"unknown key '{key}'{In(path)}; did you mean '{suggestion}'?");
        }
        else if (allowed.Count > 0)
        {
            Error(keyNode, child, $"unknown key '{key}'{In(path)}; allowed keys: {Messages.QuotedList(allowed)}");
        }
        else
        {
            Error(keyNode, child, $"unknown key '{key}'{In(path)}; no keys are allowed here");
        }
    }

    private static string Name(string path) => Messages.Name(path);

    private static string In(string path) => Messages.In(path);

    private bool Expected(YamlNode node, string path, string what)
    {
        Error(node, path, $"expected {what} for {Name(path)}, got {node.Describe()}");
        return false;
    }

    private bool TryBindScalar(Type type, YamlNode node, string path, out object? value)
    {
        value = null;
        var what = Messages.Expectation(type);
        if (node is not YamlScalar scalar)
        {
            return Expected(node, path, what);
        }

        var text = scalar.Value;
        if (type == typeof(string))
        {
            value = text;
            return true;
        }

        if (type == typeof(bool))
        {
            var ok = ScalarParser.TryParseBool(text, out var b);
            value = b;
            return ok || Expected(node, path, what);
        }

        if (type == typeof(int) || type == typeof(long))
        {
            if (!ScalarParser.TryParseLong(text, out var l))
            {
                return ScalarParser.LooksInteger(text)
                    ? OutOfRange(node, path, type, text)
                    : Expected(node, path, what);
            }

            if (type == typeof(int) && l is < int.MinValue or > int.MaxValue)
            {
                return OutOfRange(node, path, type, text);
            }

            value = type == typeof(int) ? (object)(int)l : l;
            return true;
        }

        if (type == typeof(double) || type == typeof(float))
        {
            if (!ScalarParser.TryParseDouble(text, out var d))
            {
                return Expected(node, path, what);
            }

            if (type == typeof(float) && double.IsFinite(d) && float.IsInfinity((float)d))
            {
                return OutOfRange(node, path, type, text);
            }

            value = type == typeof(float) ? (object)(float)d : d;
            return true;
        }

        return TryBindEnum(type, scalar, path, out value);
    }

    private bool OutOfRange(YamlNode node, string path, Type type, string text)
    {
        Error(node, path, $"{Name(path)} is out of range for {Messages.TypeName(type)}, got '{text}'");
        return false;
    }

    private bool TryBindEnum(Type type, YamlScalar scalar, string path, out object? value)
    {
        value = null;
        var names = Enum.GetNames(type).Select(n => (Key: ConfigNaming.ToKey(n), Name: n)).ToList();
        var match = names.FirstOrDefault(n => string.Equals(n.Key, scalar.Value, StringComparison.OrdinalIgnoreCase));
        if (match.Name is not null)
        {
            value = Enum.Parse(type, match.Name);
            return true;
        }

        var keys = names.Select(n => n.Key).ToList();
        var suggestion = Suggestions.Closest(scalar.Value, keys);
        var hint = suggestion is not null ? $"did you mean '{suggestion}'?" : $"expected one of {Messages.QuotedList(keys)}";
        Error(scalar, path, $"unknown value '{scalar.Value}' for {Name(path)}; {hint}");
        return false;
    }

    private bool TryBindJson(Type type, YamlNode node, string path, out object? value)
    {
        value = null;
        var fits = type == typeof(JsonNode)
            || (type == typeof(JsonObject) && node is YamlMapping)
            || (type == typeof(JsonArray) && node is YamlSequence)
            || (type == typeof(JsonValue) && node is YamlScalar);
        if (!fits)
        {
            return Expected(node, path, Messages.Expectation(type));
        }

        var before = errors.Count;
        value = ToJson(node, path);
        return errors.Count == before;
    }

    /// <summary>A YAML subtree as JSON: plain scalars become booleans and numbers where they read as such.</summary>
    private JsonNode? ToJson(YamlNode node, string path)
    {
        switch (node)
        {
            case YamlScalar { IsNull: true }:
                return null;
            case YamlScalar { IsPlain: true } plain:
                if (ScalarParser.TryParseBool(plain.Value, out var b))
                {
                    return JsonValue.Create(b);
                }

                if (ScalarParser.TryParseLong(plain.Value, out var l))
                {
                    return JsonValue.Create(l);
                }

                // Infinities and NaN have no JSON spelling; they stay text.
                return ScalarParser.TryParseDouble(plain.Value, out var d) && double.IsFinite(d)
                    ? JsonValue.Create(d)
                    : JsonValue.Create(plain.Value);
            case YamlScalar quoted:
                return JsonValue.Create(quoted.Value);
            case YamlSequence sequence:
                return new JsonArray(sequence.Items.Select((item, i) => ToJson(item, Messages.Index(path, i))).ToArray());
            default:
                var mapping = (YamlMapping)node;
                CheckDuplicates(mapping, path);
                var json = new JsonObject();
                foreach (var entry in mapping.Entries)
                {
                    if (entry.Key is not null && !json.ContainsKey(entry.Key))
                    {
                        json[entry.Key] = ToJson(entry.Value, Messages.Child(path, entry.Key));
                    }
                }

                return json;
        }
    }

    private bool TryBindList(Slot slot, Type type, YamlNode node, string path, out object? value)
    {
        value = null;
        if (node is not YamlSequence sequence)
        {
            return Expected(node, path, "a list");
        }

        var elementType = type.IsArray ? type.GetElementType()! : CollectionKind.ListElement(type)!;
        var elementSlot = Slot.Element(elementType, type.IsArray ? slot.Nullability?.ElementType : slot.Nullability?.GenericTypeArguments.FirstOrDefault());
        var items = Array.CreateInstance(elementType, sequence.Items.Count);
        var ok = true;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (TryBind(elementSlot, sequence.Items[i], Messages.Index(path, i), null, out var item))
            {
                items.SetValue(item, i);
            }
            else
            {
                ok = false;
            }
        }

        if (ok)
        {
            value = type.IsArray ? items : MakeListMethod.MakeGenericMethod(elementType).Invoke(null, [items, CollectionKind.IsMutable(type)]);
        }

        return ok;
    }

    private static object MakeList<T>(T[] items, bool mutable) => mutable ? new List<T>(items) : new ReadOnlyCollection<T>(items);

    private bool TryBindDictionary(Slot slot, Type type, YamlNode node, string path, out object? value)
    {
        value = null;
        if (node is not YamlMapping mapping)
        {
            return Expected(node, path, "a mapping");
        }

        var valueType = CollectionKind.DictionaryValue(type)!;
        var valueSlot = Slot.Element(valueType, slot.Nullability?.GenericTypeArguments.ElementAtOrDefault(1));
        CheckDuplicates(mapping, path);
        var before = errors.Count;
        var pairs = new List<KeyValuePair<string, object?>>();
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key is null || pairs.Any(p => p.Key == entry.Key))
            {
                continue;
            }

            if (TryBind(valueSlot, entry.Value, Messages.Child(path, entry.Key), null, out var item))
            {
                pairs.Add(new(entry.Key, item));
            }
        }

        if (errors.Count != before)
        {
            return false;
        }

        value = MakeDictionaryMethod.MakeGenericMethod(valueType).Invoke(null, [pairs, CollectionKind.IsMutable(type)]);
        return true;
    }

    private static object MakeDictionary<T>(List<KeyValuePair<string, object?>> pairs, bool mutable)
    {
        var dictionary = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (key, item) in pairs)
        {
            dictionary[key] = (T)item!;
        }

        return mutable ? dictionary : new ReadOnlyDictionary<string, T>(dictionary);
    }

    private bool TryBindUnion(Type type, YamlNode node, string path, out object? value)
    {
        value = null;
        var union = UnionShape.For(type);
        string name;
        YamlNode nameNode;
        YamlNode body;
        switch (node)
        {
            case YamlScalar scalar:
                // A bare case name: the case with all its defaults.
                (name, nameNode, body) = (scalar.Value, scalar, EmptyMapping(scalar));
                break;
            case YamlMapping { Entries.Count: 1 } single when single.Entries[0].Key is { } key:
                var entry = single.Entries[0];
                (name, nameNode, body) = (key, entry.KeyNode, entry.Value is YamlScalar { IsNull: true } ? EmptyMapping(entry.KeyNode) : entry.Value);
                break;
            case YamlMapping mapping:
                var keys = mapping.Entries.Select(e => e.Key ?? e.KeyNode.Describe()).ToList();
                Error(node, path, keys.Count == 0
                    ? $"expected one case for {Name(path)} (one of {Messages.QuotedList(union.Names)}), got an empty mapping"
                    : $"expected one case for {Name(path)}, got {keys.Count} keys: {Messages.QuotedList(keys)}");
                return false;
            default:
                return Expected(node, path, $"a case name or a one-key mapping (one of {Messages.QuotedList(union.Names)})");
        }

        var caseType = union.Find(name);
        if (caseType is null)
        {
            var suggestion = Suggestions.Closest(name, union.Names);
            var hint = suggestion is not null ? $"did you mean '{suggestion}'?" : $"expected one of {Messages.QuotedList(union.Names)}";
            Error(nameNode, path, $"unknown case '{name}' for {Name(path)}; {hint}");
            return false;
        }

        return TryBindRecord(new Slot(caseType, null), RecordShape.For(caseType), body, Messages.Child(path, name), null, out value, null);
    }

    private static YamlMapping EmptyMapping(YamlNode at) => new(at.Line, at.Column, []);

    private bool TryBindRecord(Slot slot, RecordShape shape, YamlNode node, string path, object? current, out object? value, IReadOnlySet<string>? extraKeys)
    {
        value = null;
        var before = errors.Count;
        var values = new Dictionary<MemberShape, object?>();
        var start = StartValue(shape, current);

        if (node is YamlMapping mapping)
        {
            BindMembers(shape, mapping, path, start, values, extraKeys);
        }
        else if (shape.Positional is { } positional)
        {
            if (TryBind(positional.Slot, node, path, Current(positional, start), out var item) && AttributeChecks.Check(this, positional, item, node, path))
            {
                values[positional] = item;
            }
        }
        else if (node is YamlSequence sequence && shape.IsTuple)
        {
            BindTuple(slot, shape, sequence, path, values);
        }
        else if (node is YamlScalar scalar && (slot.Symmetric || shape.IsSymmetric) && IsNumericPair(shape))
        {
            BindSymmetric(shape, scalar, path, values);
        }
        else
        {
            return Expected(node, path, RecordExpectation(slot, shape));
        }

        if (errors.Count != before)
        {
            return false;
        }

        value = Construct(shape, node, path, start, current, values);
        if (value is IValidatableConfig validatable)
        {
            foreach (var (key, message) in validatable.Validate())
            {
                var target = key.Length > 0 && node is YamlMapping written ? written.Find(key)?.Value : null;
                var keyPath = key.Length > 0 ? Messages.Child(path, key) : path;
                Error(target ?? node, keyPath, keyPath.Length > 0 ? $"invalid '{keyPath}': {message}" : $"invalid configuration: {message}");
            }
        }

        return errors.Count == before;
    }

    private void BindMembers(RecordShape shape, YamlMapping mapping, string path, object? start, Dictionary<MemberShape, object?> values, IReadOnlySet<string>? extraKeys)
    {
        CheckDuplicates(mapping, path);
        var allowed = shape.Members.Select(m => m.Key).Concat(extraKeys ?? Enumerable.Empty<string>()).Distinct().ToList();
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key is not null && shape.Find(entry.Key) is null && extraKeys?.Contains(entry.Key) != true)
            {
                UnknownKey(entry.KeyNode, path, entry.Key, allowed);
            }
        }

        foreach (var member in shape.Members)
        {
            var childPath = Messages.Child(path, member.Key);
            var entry = mapping.Find(member.Key);
            if (entry is null)
            {
                if (member.IsRequired)
                {
                    Error(mapping, childPath, $"missing required key '{member.Key}'{In(path)}");
                }

                continue;
            }

            if (TryBind(member.Slot, entry.Value, childPath, Current(member, start), out var item)
                && AttributeChecks.Check(this, member, item, entry.Value, childPath))
            {
                values[member] = item;
            }
        }
    }

    private void BindTuple(Slot slot, RecordShape shape, YamlSequence sequence, string path, Dictionary<MemberShape, object?> values)
    {
        if (sequence.Items.Count != shape.Members.Count)
        {
            Error(sequence, path, $"expected {RecordExpectation(slot, shape)} for {Name(path)}, got {sequence.Items.Count} value{(sequence.Items.Count == 1 ? "" : "s")}");
            return;
        }

        for (var i = 0; i < shape.Members.Count; i++)
        {
            var member = shape.Members[i];
            var childPath = Messages.Child(path, member.Key);
            if (TryBind(member.Slot, sequence.Items[i], childPath, null, out var item)
                && AttributeChecks.Check(this, member, item, sequence.Items[i], childPath))
            {
                values[member] = item;
            }
        }
    }

    private static bool IsNumericPair(RecordShape shape) =>
        shape.Members.Count == 2 && shape.Members.All(m => ScalarTypes.IsNumber(m.Type));

    private void BindSymmetric(RecordShape shape, YamlScalar scalar, string path, Dictionary<MemberShape, object?> values)
    {
        var (low, high) = (shape.Members[0], shape.Members[1]);
        var type = Nullable.GetUnderlyingType(high.Type) ?? high.Type;
        if (!TryBindScalar(type, scalar, path, out var amount))
        {
            return;
        }

        object negative = amount switch
        {
            int i => -i,
            long l => -l,
            float f => -f,
            _ => -(double)amount!,
        };
        var lowType = Nullable.GetUnderlyingType(low.Type) ?? low.Type;
        values[low] = Convert.ChangeType(negative, lowType, System.Globalization.CultureInfo.InvariantCulture);
        values[high] = amount;
        if (AttributeChecks.Check(this, low, values[low], scalar, Messages.Child(path, low.Key)))
        {
            AttributeChecks.Check(this, high, amount, scalar, Messages.Child(path, high.Key));
        }
    }

    private static string ListText(RecordShape shape) =>
        $"a list of {shape.Members.Count} values ({string.Join(", ", shape.Members.Select(m => m.Key))})";

    private static string RecordExpectation(Slot slot, RecordShape shape)
    {
        if ((slot.Symmetric || shape.IsSymmetric) && IsNumericPair(shape))
        {
            return $"a number, {ListText(shape)} or a mapping";
        }

        return shape.IsTuple ? $"a mapping or {ListText(shape)}" : "a mapping";
    }

    /// <summary>
    /// The instance a record with a parameterless constructor starts from: a copy of the default it
    /// replaces (so nested defaults survive a partly written record), or a new one.
    /// </summary>
    private static object? StartValue(RecordShape shape, object? current)
    {
        if (!shape.HasParameterlessConstructor)
        {
            return current;
        }

        if (current is not null && current.GetType() == shape.Type && shape.Clone is not null)
        {
            return shape.Clone.Invoke(current, null);
        }

        return shape.Constructor.Invoke(null);
    }

    private static object? Current(MemberShape member, object? start) => start is null ? null : member.Property.GetValue(start);

    private object? Construct(RecordShape shape, YamlNode node, string path, object? start, object? current, Dictionary<MemberShape, object?> values)
    {
        try
        {
            object instance;
            if (shape.HasParameterlessConstructor)
            {
                instance = start!;
            }
            else
            {
                var parameters = shape.Constructor.GetParameters();
                var arguments = new object?[parameters.Length];
                for (var i = 0; i < parameters.Length; i++)
                {
                    var member = shape.Members.FirstOrDefault(m => m.Parameter == parameters[i]);
                    arguments[i] = member is not null && values.TryGetValue(member, out var written) ? written
                        : member is not null && current is not null ? member.Property.GetValue(current)
                        : DefaultOf(parameters[i]);
                }

                instance = shape.Constructor.Invoke(arguments);
            }

            foreach (var (member, item) in values)
            {
                if (shape.HasParameterlessConstructor || member.Parameter is null)
                {
                    member.Property.SetValue(instance, item);
                }
            }

            return instance;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            Error(node, path, path.Length > 0 ? $"invalid '{path}': {e.InnerException.Message}" : $"invalid configuration: {e.InnerException.Message}");
            return null;
        }
    }

    private static object? DefaultOf(ParameterInfo parameter) =>
        parameter.HasDefaultValue && parameter.DefaultValue is not null
            ? parameter.DefaultValue
            : parameter.ParameterType.IsValueType ? Activator.CreateInstance(parameter.ParameterType) : null;
}
