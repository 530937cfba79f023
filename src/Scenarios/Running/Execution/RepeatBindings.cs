using System.Globalization;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>The variables of the enclosing <c>repeat</c> steps, innermost last, and how they fill a scenario's texts.</summary>
internal sealed class RepeatBindings
{
    private readonly List<(string Name, int Value)> _bindings = [];

    /// <summary>Binds <paramref name="name"/> to <paramref name="value"/> for one pass of a repeat body.</summary>
    public void Push(string name, int value) => _bindings.Add((name, value));

    /// <summary>Ends the innermost binding.</summary>
    public void Pop() => _bindings.RemoveAt(_bindings.Count - 1);

    /// <summary>Replaces <c>{var}</c> with the value of each enclosing repeat (the innermost first).</summary>
    public string Expand(string text)
    {
        if (_bindings.Count == 0 || !text.Contains('{', StringComparison.Ordinal))
        {
            return text;
        }

        for (int i = _bindings.Count - 1; i >= 0; i--)
        {
            text = text.Replace("{" + _bindings[i].Name + "}", _bindings[i].Value.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary><see cref="Expand(string)"/> for each text.</summary>
    public IReadOnlyList<string> Expand(IReadOnlyList<string> texts) => [.. texts.Select(Expand)];

    /// <summary>The selector with its message names, recipient and sender expanded.</summary>
    public MessageSelector Expand(MessageSelector selector) =>
        new(Expand(selector.Messages), selector.To is null ? null : Expand(selector.To), selector.Kind, selector.From is null ? null : Expand(selector.From));
}
