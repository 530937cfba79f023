namespace E2eeConformance.Engine.Client;

/// <summary>
/// What an application keeps to take each device event once although events come at least once (a restarted device
/// raises again what it had not recorded as taken, under the same id): the highest event id seen per device — a
/// device's ids only grow, and it raises them in order.
/// </summary>
public sealed class StoredEventDeduplicator
{
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    /// <summary>How many events were recognised as raised again.</summary>
    public int Duplicates { get; private set; }

    /// <summary>Whether <paramref name="e"/> is new (and from now on seen); false for an event raised again.</summary>
    public bool IsNew(StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_seen.TryGetValue(e.Event.Device, out long last) && e.Id <= last)
        {
            Duplicates++;
            return false;
        }

        _seen[e.Event.Device] = e.Id;
        return true;
    }
}
