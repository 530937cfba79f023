using System.Text;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// The value of a generated step as the fuzzer keeps it (issue 14 §3): a scalar, a list of scalars or a mapping, written
/// in YAML flow style (<c>{ from: alice/1, to: bob }</c>). Kept as data rather than text so that the shrinker can make
/// a step simpler (a smaller count, a fault switched off) and write it out again.
/// </summary>
public abstract record FuzzValue
{
    /// <summary>The value in YAML flow style.</summary>
    public abstract string Yaml { get; }

    /// <summary>Every plain (unquoted) scalar in the value: the names it uses (texts and reasons are quoted).</summary>
    public abstract IEnumerable<string> Names { get; }

    /// <summary>A scalar written as is (a name, a number, <c>true</c>, a duration).</summary>
    public static FuzzScalar Of(string text) => new(text, Quoted: false);

    /// <summary>A scalar written in double quotes (a text, a <c>group:NAME</c> target).</summary>
    public static FuzzScalar Quote(string text) => new(text, Quoted: true);

    /// <summary>A whole number.</summary>
    public static FuzzScalar Of(int number) => Of(number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A list of plain scalars.</summary>
    public static FuzzList List(IEnumerable<string> items) => new([.. items]);

    /// <summary>A mapping, in the order given.</summary>
    public static FuzzMap Map(params (string Key, FuzzValue Value)[] entries) => new([.. entries.Select(e => new KeyValuePair<string, FuzzValue>(e.Key, e.Value))]);
}

/// <summary>A scalar: <paramref name="Text"/>, double-quoted when <paramref name="Quoted"/>.</summary>
/// <param name="Text">The scalar's text.</param>
/// <param name="Quoted">Whether it is a text rather than a name: written in double quotes (so is a name holding a flow indicator such as <c>{i}</c>), and never counted as a name.</param>
public sealed record FuzzScalar(string Text, bool Quoted) : FuzzValue
{
    /// <inheritdoc/>
    public override string Yaml => Quoted || Text.IndexOfAny(FlowIndicators) >= 0
        ? "\"" + Text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
        : Text;

    /// <summary>Characters that end or open a plain scalar in flow style (a name with <c>{i}</c> is written quoted).</summary>
    private static readonly char[] FlowIndicators = ['{', '}', '[', ']', ',', ':', '#', '"'];

    /// <inheritdoc/>
    public override IEnumerable<string> Names => Quoted ? [] : [Text];
}

/// <summary>A flow list of plain scalars, <c>[bob, carol]</c>.</summary>
/// <param name="Items">The list's items.</param>
public sealed record FuzzList(IReadOnlyList<string> Items) : FuzzValue
{
    /// <inheritdoc/>
    public override string Yaml => "[" + string.Join(", ", Items) + "]";

    /// <inheritdoc/>
    public override IEnumerable<string> Names => Items;
}

/// <summary>A flow mapping, <c>{ key: value, … }</c>, in a fixed key order.</summary>
/// <param name="Entries">The keys and values, in the order they are written.</param>
public sealed record FuzzMap(IReadOnlyList<KeyValuePair<string, FuzzValue>> Entries) : FuzzValue
{
    /// <inheritdoc/>
    public override string Yaml
    {
        get
        {
            var text = new StringBuilder("{ ");
            text.AppendJoin(", ", Entries.Select(e => e.Key + ": " + e.Value.Yaml));
            return text.Append(" }").ToString();
        }
    }

    /// <inheritdoc/>
    public override IEnumerable<string> Names => Entries.SelectMany(e => e.Value.Names);

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public FuzzValue? this[string key] => Entries.FirstOrDefault(e => e.Key == key).Value;

    /// <summary>This mapping with <paramref name="key"/>'s value replaced (or the key removed when <paramref name="value"/> is null).</summary>
    public FuzzMap With(string key, FuzzValue? value) =>
        new([.. Entries.Where(e => value is not null || e.Key != key).Select(e => e.Key == key ? new KeyValuePair<string, FuzzValue>(key, value!) : e)]);
}
