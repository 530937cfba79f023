namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// The network's share of the grammar (every profile): deliveries (everything, one device's, one kind's, in an order
/// drawn from the seed), <c>run_until_quiet</c>, holds and their release, <c>chaos</c>, and a fault on a message just
/// sent (drop, duplicate, delay) when the model knows it is in flight.
/// </summary>
internal sealed class NetworkOperations(FuzzDraw draw)
{
    /// <summary>The ProtoMsg kinds holds and deliveries select by.</summary>
    private static readonly string[] Kinds = ["invite", "accept", "one2one", "group", "add_members", "remove_members", "create_group"];

    /// <summary>The most steps a generated <c>delay</c> waits.</summary>
    public const int MaxDelaySteps = 4;

    /// <summary>The fewest deliveries a generated <c>chaos</c> step draws.</summary>
    public const int MinChaosDeliveries = 3;

    /// <summary>The most deliveries a generated <c>chaos</c> step draws.</summary>
    public const int MaxChaosDeliveries = 12;

    /// <summary>The drop probability of a generated <c>chaos</c> step that drops.</summary>
    public const string ChaosDrop = "0.2";

    /// <summary>The duplicate probability of a generated <c>chaos</c> step that duplicates.</summary>
    public const string ChaosDuplicate = "0.1";

    private FuzzWorld World => draw.World;

    /// <summary>Adds this share's choices for the turn.</summary>
    public void AddChoices(List<(int Weight, Action Act)> choices)
    {
        choices.Add((3, () => draw.Emit("deliver", FuzzValue.Of("all"))));
        choices.Add((1, () => draw.Emit("deliver", FuzzValue.Map(("to", FuzzValue.Of(draw.Pick(World.AllDevices)))))));
        choices.Add((1, () => draw.Emit("deliver", FuzzValue.Map(("kind", FuzzValue.Of(draw.Pick(Kinds)))))));
        choices.Add((1, () => draw.Emit("deliver", FuzzValue.Map(("shuffle", FuzzValue.Of("true"))))));
        choices.Add((2, RunUntilQuiet));
        choices.Add((1, Hold));
        if (World.Holding)
        {
            choices.Add((2, Release));
        }

        choices.Add((1, Chaos));
    }

    /// <summary><c>run_until_quiet</c>, and what the model learns from it.</summary>
    public void RunUntilQuiet()
    {
        draw.Emit("run_until_quiet");
        World.RanQuiet();
    }

    /// <summary><c>release: all</c>.</summary>
    public void Release()
    {
        draw.Emit("release", FuzzValue.Of("all"));
        World.Holding = false;
    }

    /// <summary>
    /// A fault on the message just sent, when the model knows it is in flight: lost on the way (the server redelivers
    /// it later), delivered twice, or delayed by some of the steps still to come (<paramref name="left"/> operations).
    /// </summary>
    public void MessageFault(FuzzMessage message, int left)
    {
        if (message.InFlightTo.Count == 0)
        {
            return;
        }

        FuzzValue name = FuzzValue.Of(message.Name);
        switch (draw.Between(0, left > 1 ? 2 : 1))
        {
            case 0:
                draw.Emit("drop", name);
                break;
            case 1:
                draw.Emit("duplicate", name);
                break;
            default:
                int steps = draw.Between(1, Math.Min(left - 1, MaxDelaySteps));
                draw.Emit("delay", FuzzValue.Map(("message", name), ("steps", FuzzValue.Of(steps))));
                World.Delayed(steps);
                break;
        }
    }

    private void Hold()
    {
        World.Holding = true;
        FuzzValue to = FuzzValue.Of(draw.Pick(World.AllDevices));
        draw.Emit("hold", draw.Chance(1, 2) ? FuzzValue.Map(("to", to)) : FuzzValue.Map(("to", to), ("kind", FuzzValue.Of(draw.Pick(Kinds)))));
    }

    private void Chaos()
    {
        List<(string, FuzzValue)> entries = [("deliveries", FuzzValue.Of(draw.Between(MinChaosDeliveries, MaxChaosDeliveries)))];
        if (draw.Chance(1, 2))
        {
            entries.Add(("drop", FuzzValue.Of(ChaosDrop)));
        }

        if (draw.Chance(1, 2))
        {
            entries.Add(("duplicate", FuzzValue.Of(ChaosDuplicate)));
        }

        if (draw.Chance(1, 3))
        {
            entries.Add(("reorder", FuzzValue.Of("true")));
        }

        draw.Emit("chaos", FuzzValue.Map([.. entries]));
    }
}
