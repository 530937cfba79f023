using E2eeConformance.SenderKeys.Errors;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Ports;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.SenderKeys.Device;

/// <summary>
/// The sender-key device, sans-IO: <c>(state, input) → (new state, requests, events)</c>. A refused input (a relay
/// delivery that does not decrypt, a command the device cannot carry out) gives an <see cref="InputRefused"/> event with
/// its stable code and leaves the state exactly as it was.
/// </summary>
public static class SenderKeyDevice
{
    /// <summary>The registration request of a new device: its public key (seed 004, "Each peer publishes a public identity key").</summary>
    public static RelayRequest Register(SenderKeyDeviceState state) =>
        new RegisterRequest((state ?? throw new ArgumentNullException(nameof(state))).Name, state.Identity.PublicKey, state.KeyId);

    /// <summary>Processes one input at <paramref name="nowMs"/>.</summary>
    public static DeviceStep Step(SenderKeyDeviceState state, DeviceInput input, long nowMs, IRandom random, SenderKeyPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        var context = new DeviceContext(nowMs, random, policy ?? SenderKeyPolicy.Default, new StepOutput());
        try
        {
            SenderKeyDeviceState next = input switch
            {
                SendText t => DirectMessages.Send(state, t, context),
                SendGroupText g => GroupMessages.Send(state, g, context),
                CreateGroup c => Ask(state, new CreateGroupRequest(state.Name, c.Group, c.Members), context),
                AddMembers a => Ask(state, new AddMembersRequest(state.Name, a.Group, a.Users), context),
                RemoveMembers r => Ask(state, new RemoveMembersRequest(state.Name, r.Group, r.Users), context),
                LeaveGroup l => Ask(state, new LeaveRequest(state.Name, l.Group), context),
                Delivered { Delivery: DiscoveryAnswer a } => DirectMessages.OnDiscovery(state, a, context),
                Delivered { Delivery: PairwiseDelivery p } => DirectMessages.OnPairwise(state, p, context),
                Delivered { Delivery: MembershipNotice n } => GroupMessages.OnNotice(state, n, context),
                Delivered { Delivery: GroupDelivery g } => GroupMessages.OnGroupMessage(state, g.Message, context),
                Delivered { Delivery: RequestRefused r } => Raise(state, new RelayRefused(state.Name, r.Request, r.Code), context),
                _ => throw new SenderKeyException(SenderKeyErrorCode.Malformed, $"an input the device does not know: {input.GetType().Name}"),
            };
            return new DeviceStep(next, context.Output.Requests, context.Output.Events);
        }
        catch (SenderKeyException e)
        {
            return new DeviceStep(state, [], [new InputRefused(state.Name, SenderKeyErrorCodes.Name(e.Code), e.Detail)]);
        }
    }

    private static SenderKeyDeviceState Ask(SenderKeyDeviceState state, RelayRequest request, DeviceContext context)
    {
        context.Output.Requests.Add(request);
        return state;
    }

    private static SenderKeyDeviceState Raise(SenderKeyDeviceState state, DeviceEvent e, DeviceContext context)
    {
        context.Output.Events.Add(e);
        return state;
    }
}

/// <summary>What a step runs with: the time, the randomness, the policy and what it collects.</summary>
internal sealed record DeviceContext(long NowMs, IRandom Random, SenderKeyPolicy Policy, StepOutput Output);
