using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Ports;
using E2eeConformance.Mpenc.Session;

namespace E2eeConformance.Mpenc.Device;

/// <summary>
/// The mpENC device as a pure state machine (seed 003 §4.1, §4.2 HybridSession): <c>(state, input) → (new state,
/// channel requests, events)</c>. A command or channel event goes to its channel's session: membership events and
/// greetings in the channel's control order (§3.3), data packets to the messaging layer (§3.4), time to the liveness
/// timers (§3.5). An input refused with an <see cref="MpencException"/> leaves the state exactly as it was and yields
/// only an <see cref="InputRefused"/> event with the stable code.
/// </summary>
public static class MpencDevice
{
    /// <summary>One input at virtual time <paramref name="nowMs"/>.</summary>
    public static DeviceStep Step(MpencDeviceState state, DeviceInput input, long nowMs, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(random);
        var fx = new Effects();
        var x = new StepContext(state.User, nowMs, random, state.Timers, fx);
        try
        {
            MpencDeviceState next = input switch
            {
                EnterCommand c => Enter(state, c.Channel, fx),
                TickInput => state with { Channels = state.Channels.SetItems(state.Channels.Select(p => KeyValuePair.Create(p.Key, Liveness.Tick(p.Value, x)))) },
                ChannelInput c => On(state, c.Event.Channel, s => ControlOrder.OnEvent(s, x, c.Event)),
                StartCommand c => On(state, c.Channel, s => Proposals.Add(s, x, OperationKind.Start, Checked(c.Members))),
                IncludeCommand c => On(state, c.Channel, s => Proposals.Add(s, x, OperationKind.Include, Checked(c.Users))),
                ExcludeCommand c => On(state, c.Channel, s => Proposals.Add(s, x, OperationKind.Exclude, Checked(c.Users))),
                RefreshCommand c => On(state, c.Channel, s => Proposals.Add(s, x, OperationKind.Refresh, [])),
                SendCommand c => On(state, c.Channel, s => Messenger.Send(s, x, c.Text ?? throw new MpencException(MpencErrorCode.Malformed, "a text"), c.ClaimedParents)),
                PartCommand c => On(state, c.Channel, s => Part(s, x)),
                _ => throw new MpencException(MpencErrorCode.Malformed, $"an input the device does not take: {input.GetType().Name}"),
            };
            return new DeviceStep(next, fx.Requests, fx.Events);
        }
        catch (MpencException e)
        {
            return new DeviceStep(state, [], [new InputRefused(ChannelOf(input), e.Code, e.Message)]);
        }
    }

    private static MpencDeviceState Enter(MpencDeviceState state, string channel, Effects fx)
    {
        if (string.IsNullOrEmpty(channel) || (state.Channels.TryGetValue(channel, out ChannelSession? s) && (s.Channel.Inside || s.Channel.Entering)))
        {
            throw new MpencException(string.IsNullOrEmpty(channel) ? MpencErrorCode.Malformed : MpencErrorCode.BadMembers, $"{state.User} is in or entering {channel} already");
        }

        fx.Request(new EnterChannel(channel, (byte[])state.IdentityPublicKey.Clone()));
        // A member entering again keeps its exchange's memory of past sessions (MP-12: an old session cannot come back).
        ChannelSession fresh = ChannelSession.New(channel, state.User, state.IdentityKey);
        return state with { Channels = state.Channels.SetItem(channel, s is null ? fresh : fresh with { Aske = s.Aske }) };
    }

    private static ChannelSession Part(ChannelSession s, StepContext x)
    {
        if (!s.Channel.Inside)
        {
            throw new MpencException(MpencErrorCode.NotInChannel, $"{x.Self} is not in {s.Channel.Name}");
        }

        if (s.Current is not null)
        {
            s = Messenger.Send(s, x, "");
        }

        x.Fx.Request(new LeaveChannel(s.Channel.Name));
        x.Fx.Note(s.Channel.Name, $"{x.Self} parts the session and leaves {s.Channel.Name}");
        return s;
    }

    /// <summary>A step of one channel's session; a step that changed nothing (a refused control event) returns the very same state.</summary>
    private static MpencDeviceState On(MpencDeviceState state, string channel, Func<ChannelSession, ChannelSession> step)
    {
        if (!state.Channels.TryGetValue(channel ?? "", out ChannelSession? s))
        {
            throw new MpencException(MpencErrorCode.NotInChannel, $"{state.User} has not entered {channel}");
        }

        ChannelSession next = step(s);
        return ReferenceEquals(next, s) ? state : state with { Channels = state.Channels.SetItem(channel!, next) };
    }

    private static IReadOnlyList<string> Checked(IReadOnlyList<string>? users) =>
        users is { Count: > 0 } && users.All(u => !string.IsNullOrEmpty(u)) ? users : throw new MpencException(MpencErrorCode.BadMembers, "name at least one user");

    private static string ChannelOf(DeviceInput input) => input switch
    {
        EnterCommand c => c.Channel,
        StartCommand c => c.Channel,
        IncludeCommand c => c.Channel,
        ExcludeCommand c => c.Channel,
        RefreshCommand c => c.Channel,
        SendCommand c => c.Channel,
        PartCommand c => c.Channel,
        ChannelInput c => c.Event.Channel,
        _ => "",
    };
}
