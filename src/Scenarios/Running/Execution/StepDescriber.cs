using System.Globalization;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>How steps read in transcripts: the keyword and its arguments, with repeat variables filled in.</summary>
internal sealed class StepDescriber(RepeatBindings bindings)
{
    /// <summary>One line for the step's header.</summary>
    public string Describe(Step step) => step switch
    {
        RegisterStep s => $"register {string.Join(", ", X(s.Users))}",
        AddDeviceStep s => $"add_device {X(s.User)}{(s.As is null ? "" : " as " + X(s.As))}",
        AddUserStep s => string.Create(CultureInfo.InvariantCulture, $"add_user {X(s.User)} with {s.Devices} device(s)"),
        OfflineStep s => $"offline {X(s.Device)}",
        OnlineStep s => $"online {X(s.Device)}",
        RestartStep s => $"restart {X(s.Device)}",
        AdvanceClockStep s => $"advance_clock {SpanText.Format(s.By)}",
        CompromiseStep s => $"compromise {X(s.Device)} as {X(s.As)}{(s.Observes ? ", observing its traffic" : "")}",
        SendStep s => $"send {X(s.From)} -> {X(s.To)} {(s.Text is { } t ? "\"" + X(t) + "\"" : string.Create(CultureInfo.InvariantCulture, $"{s.Size} bytes"))} as {X(s.As)}{s.Encrypt switch { true => ", encrypted", false => ", in the clear", null => "" }}",
        CreateGroupStep s => $"create_group {X(s.Name)} by {X(s.By)} with {string.Join(", ", X(s.Members))}{(s.Managers is { Count: > 0 } m ? ", managed with " + string.Join(", ", X(m)) : "")}{(s.E2ee == false ? ", in the clear" : "")}",
        AddMembersStep s => $"add_members {string.Join(", ", X(s.Users))} to {X(s.Group)} by {X(s.By)}",
        RemoveMembersStep s => $"remove_members {string.Join(", ", X(s.Users))} from {X(s.Group)} by {X(s.By)}",
        LeaveStep s => $"leave {X(s.Group)}: {X(s.Who)}",
        RequestJoinStep s => $"request_join {X(s.Group)}: {X(s.Who)}",
        RefreshKeyStep s => $"refresh_key {X(s.Group)} by {X(s.By)}",
        ApproveJoinStep s => $"approve_join {X(s.Who)} to {X(s.Group)} by {X(s.By)}",
        SetE2eeStep s => $"set_e2ee {(s.On ? "on" : "off")} in {X(s.Group)} by {X(s.By)}",
        AddGroupDeviceStep s => $"add_group_device {X(s.Device)} to {X(s.Group)} by {X(s.By)}",
        DeliverStep s when s.UntilQuiet && s.Select.IsAll => "deliver all",
        DeliverStep s when s.Order.Count > 0 => $"deliver {(s.Select.To is { } to ? "to " + X(to) + " " : "")}in order {string.Join(", ", X(s.Order))}",
        DeliverStep s => $"deliver {Selector(s.Select)}{(s.Shuffle ? " shuffled" : "")}{(s.UntilQuiet ? " until quiet" : "")}",
        HoldStep s => $"hold {Selector(s.Select)}",
        ReleaseStep s => $"release {Selector(s.Select)}",
        DropStep s => $"drop {Selector(s.Select)}",
        DuplicateStep s => $"duplicate {Selector(s.Select)}",
        DelayStep s => string.Create(CultureInfo.InvariantCulture, $"delay {Selector(s.Select)} by {s.Steps} steps"),
        ReplayStep s => $"replay {Picked(s.Message, s.Pick)} to {X(s.To)}",
        TamperStep s => $"tamper {X(s.Field)} of {Picked(s.Message, s.Pick)} to {X(s.To)}{(s.Byte is { } b ? string.Create(CultureInfo.InvariantCulture, $" at byte {b}") : "")}",
        RewriteStep s => $"rewrite {Picked(s.Message, s.Pick)} to {X(s.To)}: {string.Join(", ", s.Sets.Select(f => f.From is { } from ? $"{f.Path} from {X(from)}" : f.Random ? f.Path + " random" : $"{f.Path}={f.Value}").Concat(s.Reencrypt is { } r ? [$"re-encrypted by {X(r.By)} as {X(s.As!)}"] : []))}",
        RunUntilQuietStep => "run_until_quiet",
        ChaosStep s => string.Create(CultureInfo.InvariantCulture, $"chaos: up to {s.Deliveries} deliveries, drop {s.Drop:0.###}, duplicate {s.Duplicate:0.###}{(s.Reorder ? ", any order" : ", in order per device")}"),
        ServerStep { Action: WithholdAction a } => $"server withholds {Selector(a.Select)}",
        ServerStep { Action: PartitionAction a } => "server partitions " + string.Join(" | ", a.Sides.Select(side => string.Join(", ", X(side)))),
        ServerStep { Action: SubstituteBundleAction a } => $"server substitutes the bundle of {X(a.With)} for {X(a.Of)}'s",
        ServerStep { Action: ReuseOneTimePreKeyAction a } => $"server reuses the one-time pre-key of {X(a.Of)}",
        ServerStep { Action: StripOneTimePreKeysAction a } => $"server strips the one-time pre-keys of {X(a.Of)}",
        ServerStep { Action: FakeHeartbeatAction a } => $"server fakes a heartbeat to {X(a.To)} claiming server time {a.Time}",
        ServerStep { Action: ForgeUserUpdateAction a } => $"server forges an update of {X(a.Of)} to {X(a.To)}: name \"{X(a.UserName)}\"",
        ServerStep { Action: InterceptAction a } => $"server intercepts {X(a.Of)} by {X(a.By)}",
        ServerStep s => "server " + s.Action.Name,
        RepeatStep s => string.Create(CultureInfo.InvariantCulture, $"repeat {s.Times} times"),
        ExpectStep s => "expect " + string.Join(", ", s.Expectations.Select(e => e.Keyword)),
        _ => step.Keyword,
    } + (step.Cost is { } cost ? " " + Cost(cost) : "");

    private static string Cost(StepCost cost) => string.Create(
        CultureInfo.InvariantCulture,
        $"(cost: {string.Join(", ", new[] { cost.MaxKeyDerivations is { } k ? $"max_key_derivations {k}" : null, cost.MaxCpuMilliseconds is { } c ? $"max_ms_cpu {c}" : null }.OfType<string>())})");

    private string X(string text) => bindings.Expand(text);

    private string Picked(string message, ProtocolPick? pick) =>
        pick is null ? X(message) : string.Create(CultureInfo.InvariantCulture, $"{pick.Kind} #{pick.Nth}{(pick.From is { } from ? " from " + X(from) : "")}");

    private IReadOnlyList<string> X(IReadOnlyList<string> texts) => bindings.Expand(texts);

    private string Selector(MessageSelector selector)
    {
        if (selector.IsAll)
        {
            return "all";
        }

        List<string> parts = [];
        if (selector.Messages.Count > 0)
        {
            parts.Add(string.Join(", ", X(selector.Messages)));
        }

        if (selector.Kind is { } kind)
        {
            parts.Add("kind " + kind);
        }

        if (selector.From is { } from)
        {
            parts.Add("from " + X(from));
        }

        if (selector.To is { } to)
        {
            parts.Add("to " + X(to));
        }

        return string.Join(" ", parts);
    }
}
