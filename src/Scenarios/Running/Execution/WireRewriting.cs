using System.Globalization;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// The active adversary's reach into protocol traffic: picking the n-th delivery of a kind to a device (messages that
/// have no scenario name: invites, accepts, group notices) and setting wire fields of its copy (<see cref="RewriteStep"/>).
/// </summary>
internal static class WireRewriting
{
    /// <summary>The <see cref="ProtocolPick.Nth"/> delivery of the kind (and sender) to <paramref name="device"/> that crossed the network so far, or null.</summary>
    public static InFlightDelivery? Picked(RunContext run, ProtocolPick pick, string device) =>
        Matching(run, pick, device).Skip(pick.Nth - 1).FirstOrDefault();

    /// <summary>How many deliveries the pick could choose from (for a failure's sentence).</summary>
    public static string CountOf(RunContext run, ProtocolPick pick, string device) =>
        Matching(run, pick, device).Count().ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<InFlightDelivery> Matching(RunContext run, ProtocolPick pick, string device)
    {
        string? from = pick.From is { } f ? run.Expand(f) : null;
        return run.Network.History.Where(d => d.To == device && d.Kind == pick.Kind
            && (from is null || d.From == from || (from != "server" && run.Roster.DevicesOf(from).Contains(d.From))));
    }

    /// <summary>Sets one field of <paramref name="copy"/> as <paramref name="set"/> says; returns how the transcript tells it.</summary>
    public static string Apply(RunContext run, InFlightDelivery original, Wire.ProtoMsg copy, FieldRewrite set)
    {
        if (!WireField.TryParse(set.Path, out WireField? field, out string? why))
        {
            throw new ScenarioFailure($"expected a field path of the ProtoMsg, but {why}"); // the loader checked it; a fluent scenario may not have
        }

        Google.Protobuf.IMessage holder = field.Holder(copy, out why)
            ?? throw new ScenarioFailure($"expected {original.Kind} {run.Network.Describe(original)} to have {set.Path} to rewrite, but {why}");
        WireValue value = set.From is { } from ? new SplicedWireValue(run.Expand(from))
            : set.Random ? new RandomWireValue()
            : WireValue.TryConvert(field.Leaf, set.Value ?? "", out object? literal, out string? expected) ? new LiteralWireValue(set.Value!, literal!)
            : throw new ScenarioFailure($"expected {expected} for {set.Path}, found \"{set.Value}\"");
        object? current = field.Leaf.Accessor.GetValue(holder);
        object? next = value.ValueFor(field.Leaf, current, run.Random, name => Spliced(run, original.To, name, field), out why)
            ?? throw new ScenarioFailure($"expected a value for {set.Path}, but {why}");
        field.Leaf.Accessor.SetValue(holder, next);
        return set.From is { } source ? $"{set.Path} from {run.Expand(source)}" : set.Random ? $"{set.Path} random" : $"{set.Path}={set.Value}";
    }

    /// <summary>The field's value in the named message as it was sent to <paramref name="device"/> (else as first seen anywhere).</summary>
    private static object? Spliced(RunContext run, string device, string name, WireField field)
    {
        InFlightDelivery? source = run.Network.History.FirstOrDefault(d => d.To == device && run.Network.LabelOf(d) == name)
            ?? run.Network.History.FirstOrDefault(d => run.Network.LabelOf(d) == name);
        return source is null ? null : field.Get(source.Message);
    }
}
