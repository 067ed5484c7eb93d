using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Pipeline.Config.Yaml;

/// <summary>
/// Builds <see cref="YamlNode"/> trees from YamlDotNet's event parser, which gives each event its
/// 1-based line and column. Resolves anchors and aliases, and merge keys (<c>&lt;&lt;: *base</c>) the way
/// YAML 1.1 defines them: keys written in the mapping win over merged ones.
/// </summary>
internal sealed class YamlTreeReader
{
    private const string MergeKey = "<<";

    private readonly IParser _parser;
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<(NodeEvent Start, char Opener)> _openFlows = new();

    private readonly string? _origin;

    private YamlTreeReader(IParser parser, string? origin)
    {
        _parser = parser;
        _origin = origin;
    }

    /// <summary>
    /// The root node of each document in <paramref name="text"/>; syntax errors throw <see cref="YamlException"/>.
    /// Every node gets <paramref name="origin"/> as its <see cref="YamlNode.Origin"/> (null: the document's file).
    /// </summary>
    public static IReadOnlyList<YamlNode?> ReadDocuments(string text, string? origin = null)
    {
        var scanner = new Scanner(new StringReader(text));
        var reader = new YamlTreeReader(new Parser(scanner), origin);
        try
        {
            return reader.ReadStream();
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails with a bare InvalidOperationException (no position) on some unclosed flow
            // collections, e.g. "head: {kind: x" followed by more lines; name the collection that was left open.
            if (reader._openFlows.TryPeek(out var open))
            {
                var start = open.Start.Start;
                throw new SyntaxErrorException(in start, in start, $"the '{open.Opener}' opened here is never closed");
            }

            var here = scanner.CurrentPosition;
            throw new SyntaxErrorException(in here, in here, $"the YAML parser failed: {e.Message}");
        }
    }

    private IReadOnlyList<YamlNode?> ReadStream()
    {
        var documents = new List<YamlNode?>();
        _parser.Consume<StreamStart>();
        while (_parser.TryConsume<DocumentStart>(out _))
        {
            _anchors.Clear();
            documents.Add(_parser.Accept<DocumentEnd>(out _) ? null : ReadNode());
            _parser.Consume<DocumentEnd>();
        }

        _parser.Consume<StreamEnd>();
        return documents;
    }

    private YamlNode ReadNode()
    {
        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out var target))
            {
                var start = alias.Start;
                var end = alias.End;
                throw new AnchorNotFoundException(in start, in end, $"alias '*{alias.Value.Value}' refers to no anchor defined before it");
            }

            return target;
        }

        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            var isString = scalar.Style is not ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value == "tag:yaml.org,2002:str");
            return Remember(scalar, new YamlScalar(Line(scalar), Column(scalar), scalar.Value, !isString) { Origin = _origin });
        }

        if (_parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var items = new List<YamlNode>();
            var sequence = new YamlSequence(Line(sequenceStart), Column(sequenceStart), items) { Origin = _origin };
            Remember(sequenceStart, sequence);
            OpenFlow(sequenceStart, sequenceStart.Style == SequenceStyle.Flow, '[');
            while (!_parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode());
            }

            CloseFlow(sequenceStart.Style == SequenceStyle.Flow);
            return sequence;
        }

        var mappingStart = _parser.Consume<MappingStart>();
        var entries = new List<YamlEntry>();
        var mapping = new YamlMapping(Line(mappingStart), Column(mappingStart), entries) { Origin = _origin };
        Remember(mappingStart, mapping);
        var merged = new List<YamlMapping>();
        OpenFlow(mappingStart, mappingStart.Style == MappingStyle.Flow, '{');
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var key = ReadNode();
            var value = ReadNode();
            if (key is YamlScalar { IsPlain: true, Value: MergeKey } && MergeSources(value) is { } sources)
            {
                merged.AddRange(sources);
                continue;
            }

            entries.Add(new YamlEntry((key as YamlScalar)?.Value, key, value));
        }

        CloseFlow(mappingStart.Style == MappingStyle.Flow);

        var present = new HashSet<string?>(entries.Select(e => e.Key));
        foreach (var source in merged)
        {
            foreach (var entry in source.Entries)
            {
                if (present.Add(entry.Key))
                {
                    entries.Add(entry);
                }
            }
        }

        return mapping;
    }

    private static IReadOnlyList<YamlMapping>? MergeSources(YamlNode value) => value switch
    {
        YamlMapping single => [single],
        YamlSequence list when list.Items.All(i => i is YamlMapping) => list.Items.Cast<YamlMapping>().ToList(),
        _ => null,
    };

    private void OpenFlow(NodeEvent start, bool isFlow, char opener)
    {
        if (isFlow)
        {
            _openFlows.Push((start, opener));
        }
    }

    private void CloseFlow(bool isFlow)
    {
        if (isFlow)
        {
            _openFlows.Pop();
        }
    }

    private YamlNode Remember(NodeEvent nodeEvent, YamlNode node)
    {
        if (!nodeEvent.Anchor.IsEmpty)
        {
            _anchors[nodeEvent.Anchor.Value] = node;
        }

        return node;
    }

    private static int Line(ParsingEvent e) => checked((int)e.Start.Line);

    private static int Column(ParsingEvent e) => checked((int)e.Start.Column);
}
