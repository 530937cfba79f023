using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Integration.Tests.Support;

/// <summary>Collects every device's events in order.</summary>
internal sealed class EventLog : IDeviceEvents<DeviceEvent>
{
    public List<DeviceEvent> Events { get; } = [];

    public void Raise(DeviceEvent e) => Events.Add(e);

    public IEnumerable<string> TextsReceivedBy(string device) =>
        Events.OfType<OneToOneMessageReceived>().Where(e => e.Device == device).Select(e => System.Text.Encoding.UTF8.GetString(e.Text));

    public IEnumerable<string> GroupTextsReceivedBy(string device) =>
        Events.OfType<GroupMessageReceived>().Where(e => e.Device == device).Select(e => System.Text.Encoding.UTF8.GetString(e.Text));

    public IEnumerable<ProtocolFailure> Failures => Events.OfType<ProtocolFailure>();
}
