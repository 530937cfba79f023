using System.Text;
using E2eeConformance.SenderKeys.Crypto;
using E2eeConformance.SenderKeys.Device;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Ports;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.SenderKeys.Tests.Support;

/// <summary>
/// A small world for device tests: a relay, devices, and the deliveries in flight (in server order unless a test picks
/// one). Every step's events are kept per device.
/// </summary>
internal sealed class SenderKeyWorld(SenderKeyPolicy? policy = null)
{
    private readonly Dictionary<string, SenderKeyDeviceState> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LabelledStream> _random = new(StringComparer.Ordinal);

    public RelayServer Relay { get; private set; } = RelayServer.Empty;

    public long Now { get; set; } = 1_750_000_000_000;

    public SenderKeyPolicy Policy { get; } = policy ?? SenderKeyPolicy.Default;

    public List<RelayDelivery> InFlight { get; } = [];

    public List<DeviceEvent> Events { get; } = [];

    public List<RelayRequest> Requests { get; } = [];

    public SenderKeyDeviceState this[string device] => _devices[device];

    /// <summary>A world where <paramref name="devices"/> are registered and the first created group g1 with the others' users, all delivered.</summary>
    public static SenderKeyWorld WithGroup(params string[] devices)
    {
        var w = new SenderKeyWorld();
        w.Register(devices);
        w.Do(devices[0], new CreateGroup("g1", [.. devices.Skip(1).Select(RelayServer.UserOf).Distinct()]));
        w.DeliverAll();
        return w;
    }

    public void Register(params string[] devices)
    {
        foreach (string name in devices)
        {
            _random[name] = new LabelledStream("world/" + name);
            _devices[name] = SenderKeyDeviceState.New(name, P256Identity.Generate(_random[name]));
            Ask(SenderKeyDevice.Register(_devices[name]));
        }
    }

    public void Do(string device, DeviceInput input)
    {
        DeviceStep step = SenderKeyDevice.Step(_devices[device], input, Now, _random[device], Policy);
        _devices[device] = step.State;
        Events.AddRange(step.Events);
        foreach (RelayRequest request in step.Requests)
        {
            Ask(request);
        }
    }

    public void Text(string from, string to, string text) => Do(from, new SendText(to, Encoding.UTF8.GetBytes(text)));

    public void GroupText(string from, string group, string text) => Do(from, new SendGroupText(group, Encoding.UTF8.GetBytes(text)));

    /// <summary>The device restarts from its stored form (<see cref="DeviceStateCodec"/>).</summary>
    public void Restart(string device) => _devices[device] = DeviceStateCodec.Decode(DeviceStateCodec.Encode(_devices[device]));

    /// <summary>Delivers until nothing is in flight (in server order).</summary>
    public void DeliverAll()
    {
        while (InFlight.Count > 0)
        {
            Deliver(InFlight[0]);
        }
    }

    public void Deliver(RelayDelivery delivery)
    {
        InFlight.Remove(delivery);
        if (_devices.ContainsKey(delivery.To))
        {
            Do(delivery.To, new Delivered(delivery));
        }
    }

    /// <summary>The texts a device read, direct and group, in order.</summary>
    public List<string> Read(string device) =>
        [.. Events.Where(e => e.Device == device).Select(e => e switch
        {
            TextReceived t => Encoding.UTF8.GetString(t.Text),
            GroupTextReceived g => Encoding.UTF8.GetString(g.Text),
            _ => null,
        }).OfType<string>()];

    public IEnumerable<string> Refusals(string device) =>
        Events.Where(e => e.Device == device).Select(e => e switch { InputRefused r => r.Code, GroupTextRefused g => g.Code, _ => null }).OfType<string>();

    private void Ask(RelayRequest request)
    {
        Requests.Add(request);
        (Relay, IReadOnlyList<RelayDelivery> deliveries) = Relay.Handle(request, Now);
        InFlight.AddRange(deliveries);
    }
}
