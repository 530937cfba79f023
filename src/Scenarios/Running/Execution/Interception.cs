using E2eeConformance.Engine.Protocol;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// <c>server: { intercept: { of, by } }</c>: the server as a man in the middle (<see cref="InterceptAction"/>). On the
/// way in, the invites, accepts and one-to-one messages other users send to a device of <c>of</c> go to <c>by</c> instead,
/// every <c>to</c> naming the device rewritten to <c>by</c>'s address (the device checks it); the original is withheld
/// from the device for good. On the way out, what <c>by</c> sends to any other user's device has every <c>from</c>
/// naming <c>by</c> rewritten to the device of <c>of</c> (the first rule whose <c>of</c> is not the recipient's user), so the peer
/// takes it for that device's. Nothing cryptographic is touched: a device binds only identity keys into a session
/// (seed 000 §Session: AD = IK_A ‖ IK_B), never addresses.
/// </summary>
internal sealed class Interception
{
    private static readonly HashSet<string> Kinds = new(["invite", "accept", "one2one"], StringComparer.Ordinal);

    private readonly RunContext _run;
    private readonly List<(string Of, string By)> _rules = [];
    private readonly HashSet<(string To, string ProtoMsgId)> _intercepted = [];

    /// <summary>An interception with no rule yet; the network asks it about every delivery from now on.</summary>
    public Interception(RunContext run)
    {
        _run = run;
        run.Network.Reroutes = Reroute;
    }

    /// <summary>Adds a rule (a later <c>server: honest</c> ends them all).</summary>
    public void Add(InterceptAction action)
    {
        SimDevice by = _run.Roster.DeviceNamed(action.By);
        foreach (string of in _run.Roster.DevicesOf(action.Of))
        {
            _rules.Add((of, by.Name));
            _run.Say($"  the server will hand {by.Name} what other users send to {of}, and relay what {by.Name} sends them as {of}'s");
        }

        _run.Diagram.Note("server", $"intercepts {_run.Expand(action.Of)} by {by.Name}");
    }

    /// <summary>Ends every rule; what was intercepted stays away from its recipient.</summary>
    public void Clear() => _rules.Clear();

    private InFlightDelivery? Reroute(InFlightDelivery delivery)
    {
        if (_intercepted.Contains((delivery.To, delivery.ProtoMsgId)))
        {
            _run.Network.Withhold(delivery); // a redelivery of what went to the interceptor
            return null;
        }

        if (!Kinds.Contains(delivery.Kind) || _rules.Count == 0)
        {
            return delivery;
        }

        string from = delivery.From;
        foreach ((string of, string by) in _rules)
        {
            if (delivery.To == of && from != by && UserOf(from) != UserOf(of))
            {
                return Inbound(delivery, of, by);
            }
        }

        foreach ((string of, string by) in _rules)
        {
            if (from == by && UserOf(delivery.To) != UserOf(of) && UserOf(delivery.To) != UserOf(by))
            {
                return Outbound(delivery, of, by);
            }
        }

        return delivery;
    }

    private InFlightDelivery Inbound(InFlightDelivery delivery, string of, string by)
    {
        _intercepted.Add((delivery.To, delivery.ProtoMsgId));
        _run.Network.Withhold(delivery);
        Wire.ProtoMsg copy = delivery.Message.Clone();
        Readdress(copy, Address(of), Address(by), to: true);
        _run.Reissue(copy); // the server stored it for the device, not for the interceptor: its consume is absorbed
        string sender = delivery.From;
        _run.Say($"  server hands {by} the {delivery.Kind} {sender} sent to {of}");
        _run.Diagram.Fault(by, $"{delivery.Kind} for {of}");
        return new InFlightDelivery(delivery.Sequence, by, copy, delivery.Kind, () => sender);
    }

    private InFlightDelivery Outbound(InFlightDelivery delivery, string of, string by)
    {
        Wire.ProtoMsg copy = delivery.Message.Clone();
        Readdress(copy, Address(by), Address(of), to: false);
        _run.Say($"  server relays the {delivery.Kind} {by} sent to {delivery.To} as {of}'s");
        _run.Diagram.Fault(delivery.To, $"{delivery.Kind} of {by} as {of}'s");
        return new InFlightDelivery(delivery.Sequence, delivery.To, copy, delivery.Kind, () => by);
    }

    /// <summary>Rewrites every <c>to</c> (or <c>from</c>) of the envelope and its payload that names <paramref name="from"/>.</summary>
    private static void Readdress(Wire.ProtoMsg message, Wire.E2eeAddress from, Wire.E2eeAddress into, bool to)
    {
        Wire.E2eeAddress Swap(Wire.E2eeAddress? address) => address is not null && Addresses.SameDevice(address, from) ? into.Clone() : address!;
        if (to)
        {
            message.To = Swap(message.To);
        }
        else
        {
            message.From = Swap(message.From);
        }

        switch (message.PayloadCase)
        {
            case Wire.ProtoMsg.PayloadOneofCase.InviteMsg when to: message.InviteMsg.To = Swap(message.InviteMsg.To); break;
            case Wire.ProtoMsg.PayloadOneofCase.InviteMsg: message.InviteMsg.From = Swap(message.InviteMsg.From); break;
            case Wire.ProtoMsg.PayloadOneofCase.AcceptMsg when to: message.AcceptMsg.To = Swap(message.AcceptMsg.To); break;
            case Wire.ProtoMsg.PayloadOneofCase.AcceptMsg: message.AcceptMsg.From = Swap(message.AcceptMsg.From); break;
            case Wire.ProtoMsg.PayloadOneofCase.E2EeMsg when to: message.E2EeMsg.To = Swap(message.E2EeMsg.To); break;
            case Wire.ProtoMsg.PayloadOneofCase.E2EeMsg: message.E2EeMsg.From = Swap(message.E2EeMsg.From); break;
            default: break;
        }
    }

    private static string UserOf(string device) => device.Split('/')[0];

    private Wire.E2eeAddress Address(string device) => _run.Driver.AddressOf(_run.Roster.Device(device));
}
