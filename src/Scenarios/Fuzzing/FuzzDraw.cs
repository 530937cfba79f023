using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// What the operations of one generated scenario share while they are drawn: the seeded random source (every choice
/// comes from it, so a seed always gives the same steps), the world model, and the weighted choices of one turn.
/// </summary>
internal sealed class FuzzDraw(ulong seed, FuzzWorld world)
{
    private readonly SeededRandom _random = new(seed);

    /// <summary>The world model.</summary>
    public FuzzWorld World { get; } = world;

    /// <summary>True with probability <paramref name="numerator"/>/<paramref name="denominator"/>.</summary>
    public bool Chance(int numerator, int denominator) => _random.Next(denominator) < numerator;

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Between(int min, int max) => min + _random.Next(max - min + 1);

    /// <summary>One of the items, uniformly.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>The items in an order drawn from the seed.</summary>
    public List<T> Shuffled<T>(IEnumerable<T> items)
    {
        List<T> list = [.. items];
        _random.Shuffle(list);
        return list;
    }

    /// <summary>Writes a step.</summary>
    public void Emit(string keyword, FuzzValue? value = null) => World.Emit(new FuzzStep(keyword, value));

    /// <summary>Carries out one of the choices, drawn by weight (nothing when there is none).</summary>
    public void Choose(IReadOnlyList<(int Weight, Action Act)> choices)
    {
        int draw = _random.Next(Math.Max(1, choices.Sum(c => c.Weight)));
        foreach ((int weight, Action act) in choices)
        {
            if (draw < weight)
            {
                act();
                return;
            }

            draw -= weight;
        }
    }

    /// <summary>A fresh message name, <c>mN</c> (or with another <paramref name="prefix"/>: <c>bN</c> for a burst).</summary>
    public string NextMessage(string prefix = "m") => prefix + (++World.MessageCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
