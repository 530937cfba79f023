using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Integration.Tests.Support;

/// <summary>
/// Collects every device's events in order, as an application does: events come at least once, and one raised again
/// (same device, an id already seen) is recorded in <see cref="Redelivered"/> only.
/// </summary>
internal sealed class EventLog : IDeviceEvents<StoredEvent>
{
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    public List<DeviceEvent> Events { get; } = [];

    /// <summary>Every event as raised, duplicates included, with its id.</summary>
    public List<StoredEvent> Raised { get; } = [];

    public int Redelivered { get; private set; }

    public void Raise(StoredEvent e)
    {
        Raised.Add(e);
        if (_seen.TryGetValue(e.Event.Device, out long last) && e.Id <= last)
        {
            Redelivered++;
            return;
        }

        _seen[e.Event.Device] = e.Id;
        Events.Add(e.Event);
    }

    public IEnumerable<string> TextsReceivedBy(string device) =>
        Events.OfType<OneToOneMessageReceived>().Where(e => e.Device == device).Select(e => System.Text.Encoding.UTF8.GetString(e.Text));

    public IEnumerable<string> GroupTextsReceivedBy(string device) =>
        Events.OfType<GroupMessageReceived>().Where(e => e.Device == device).Select(e => System.Text.Encoding.UTF8.GetString(e.Text));

    public IEnumerable<ProtocolFailure> Failures => Events.OfType<ProtocolFailure>();
}
