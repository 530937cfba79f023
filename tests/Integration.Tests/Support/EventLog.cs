using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Integration.Tests.Support;

/// <summary>
/// Collects every device's events in order, as an application does: events come at least once, and one raised again
/// (same device, an id already seen) is recorded in <see cref="Redelivered"/> only.
/// </summary>
internal sealed class EventLog : IDeviceEvents<StoredEvent>
{
    private readonly StoredEventDeduplicator _dedup = new();

    public List<DeviceEvent> Events { get; } = [];

    /// <summary>Every event as raised, duplicates included, with its id.</summary>
    public List<StoredEvent> Raised { get; } = [];

    public int Redelivered => _dedup.Duplicates;

    public void Raise(StoredEvent e)
    {
        Raised.Add(e);
        if (_dedup.IsNew(e))
        {
            Events.Add(e.Event);
        }
    }

    public IEnumerable<string> TextsReceivedBy(string device) =>
        Events.OfType<OneToOneMessageReceived>().Where(e => e.Device == device).Select(e => System.Text.Encoding.UTF8.GetString(e.Text));

    public IEnumerable<string> GroupTextsReceivedBy(string device) =>
        Events.OfType<GroupMessageReceived>().Where(e => e.Device == device).Select(e => System.Text.Encoding.UTF8.GetString(e.Text));

    public IEnumerable<ProtocolFailure> Failures => Events.OfType<ProtocolFailure>();
}
