using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>
/// Passes YamlDotNet's parsing events through, remembering which collections are open (for syntax errors), and stops a
/// file nested deeper than <see cref="ScenarioLoader.MaxNestingDepth"/> (<see cref="NestingTooDeep"/>) before the
/// representation model, which builds nested collections by recursion, exhausts the stack.
/// </summary>
internal sealed class TrackingParser(IParser inner) : IParser
{
    /// <summary>The message of the <see cref="YamlException"/> for a collection nested too deep.</summary>
    public const string NestingTooDeep = "lists and mappings nested too deep";

    private readonly List<(bool Flow, bool Sequence, Mark Start)> _open = [];
    private readonly List<(string Name, Mark Start)> _aliases = [];

    public ParsingEvent? Current => inner.Current;

    public (bool Sequence, Mark Start)? InnermostOpenFlow =>
        _open.Count > 0 && _open[^1].Flow ? (_open[^1].Sequence, _open[^1].Start) : null;

    /// <summary>The first alias (<c>*name</c>) whose name the message quotes, if any.</summary>
    public Mark? FirstAlias(string message)
    {
        foreach ((string name, Mark start) in _aliases)
        {
            if (message.Contains("'" + name + "'", StringComparison.Ordinal))
            {
                return start;
            }
        }

        return null;
    }

    public bool MoveNext()
    {
        bool more = inner.MoveNext();
        switch (inner.Current)
        {
            case AnchorAlias a:
                _aliases.Add((a.Value.Value, a.Start));
                break;
            case SequenceStart s:
                Open(s.Style == SequenceStyle.Flow, true, s);
                break;
            case MappingStart m:
                Open(m.Style == MappingStyle.Flow, false, m);
                break;
            case SequenceEnd or MappingEnd when _open.Count > 0:
                _open.RemoveAt(_open.Count - 1);
                break;
            default:
                break;
        }

        return more;
    }

    private void Open(bool flow, bool sequence, ParsingEvent e)
    {
        if (_open.Count >= ScenarioLoader.MaxNestingDepth)
        {
            throw new YamlException(e.Start, e.End, NestingTooDeep);
        }

        _open.Add((flow, sequence, e.Start));
    }
}
