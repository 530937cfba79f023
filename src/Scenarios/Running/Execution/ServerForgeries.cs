using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// What a malicious server makes up and pushes to devices itself (<c>server: { fake_heartbeat }</c>,
/// <c>server: { forge_user_update }</c>): ProtoMsgs no device sent, delivered now, each with an id the server never
/// stored (its consume is absorbed, as for the network adversary's copies). Offline devices get nothing.
/// </summary>
internal sealed class ServerForgeries(RunContext run, DeliveryLoop delivery)
{
    /// <summary>The host name a forged heartbeat carries (the honest server's, so nothing but the time tells it apart).</summary>
    private static readonly string Hostname = new InMemoryServer.E2eeServerOptions().Hostname;

    /// <summary>Pushes a heartbeat claiming the step's server time to each device of its <c>to</c>.</summary>
    public void FakeHeartbeat(FakeHeartbeatAction action)
    {
        long serverT = action.Time.UnixMsAt(run.Clock.GetUtcNow());
        foreach (string device in Recipients(action.To))
        {
            var message = new Wire.ProtoMsg { ServerHeartbeatMsg = new Wire.ServerHeartbeatMsg { Hostname = Hostname, ServerT = serverT } };
            Push(device, message, "server", $"heartbeat {action.Time}");
        }
    }

    /// <summary>Pushes an UpdateUserMsg renaming <c>of</c> that <c>of</c> never sent to each device of its <c>to</c>.</summary>
    public void ForgeUserUpdate(ForgeUserUpdateAction action)
    {
        SimDevice of = run.Roster.DeviceNamed(action.Of);
        Wire.E2eeAddress address = run.Driver.AddressOf(of);
        string name = run.Expand(action.UserName);
        foreach (string device in Recipients(action.To).Where(d => d != of.Name))
        {
            var message = new Wire.ProtoMsg
            {
                From = address.Clone(),
                To = run.Driver.AddressOf(run.Roster.Device(device)).Clone(),
                UpdateUserMsg = new Wire.UpdateUserMsg
                {
                    ModifiedDate = run.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
                    UserAddress = address.Clone(),
                    Op = Wire.UpdateUserOp.Name,
                    UpdateUserNameArg = new Wire.UpdateUserNameArg { Username = name },
                },
            };
            run.Reissue(message);
            Push(device, message, of.Name, $"update of {of.Name}: name \"{name}\"");
        }
    }

    /// <summary>The online devices of <paramref name="to"/>; the offline ones are named in the transcript.</summary>
    private List<string> Recipients(string to)
    {
        List<string> devices = [.. run.Roster.DevicesOf(to)];
        foreach (string offline in devices.Where(run.Offline.Contains))
        {
            run.Say($"  {offline} is offline: the server's forgery does not reach it");
        }

        return [.. devices.Where(d => !run.Offline.Contains(d))];
    }

    private void Push(string device, Wire.ProtoMsg message, string from, string what)
    {
        var forged = new InFlightDelivery(0, device, message, ProtoMsgKinds.Of(message), () => from);
        run.Diagram.Fault(device, "forged " + what);
        delivery.Process(forged, message, $" [forged {what}]");
    }
}
