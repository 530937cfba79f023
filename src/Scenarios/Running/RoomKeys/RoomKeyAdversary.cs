using E2eeConformance.RoomKeys.Crypto;
using E2eeConformance.RoomKeys.Device;
using E2eeConformance.RoomKeys.Errors;
using E2eeConformance.RoomKeys.Wire;

namespace E2eeConformance.Scenarios.Running.RoomKeys;

/// <summary>
/// A <c>compromise</c>'s state copy: the device's stored state at that moment (its RSA private key and the room keys it
/// held), advanced only by what the adversary itself reads — the traffic to the device when it observes. It also sees
/// every wrapped room key the server relayed (RK-19: the adversary watches the server's traffic, as a passive observer
/// of the network does), and opens those its RSA key opens. It never writes back to the device.
/// </summary>
internal sealed class RoomKeyAdversary(string device, RoomDeviceState state, bool observes, RoomKeyRandom random, Func<TextReceived, string?> nameOfRead)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private RoomDeviceState _state = state;

    public string Device { get; } = device;

    public bool Observes { get; } = observes;

    /// <summary>Feeds an observed notification to the copy (a room key it learns it keeps); every text it reads this way counts as read.</summary>
    public void Observe(ServerNotification notification, long nowMs)
    {
        DeviceStep step = RoomKeyDevice.Step(_state, new Delivered(notification), nowMs, random);
        _state = step.State;
        foreach (string name in step.Events.OfType<TextReceived>().Select(nameOfRead).OfType<string>())
        {
            _read.Add(name);
        }
    }

    /// <summary>
    /// Tries to read a room message: with a room key the copy holds, or one it unwraps from what the server relayed
    /// (<paramref name="relayedKeys"/>); a text sent in the clear it reads as anyone on the way does.
    /// </summary>
    public (bool Read, string Why) TryRead(string message, RoomMessage m, IEnumerable<(string Room, uint Generation, byte[] Wrapped)> relayedKeys)
    {
        if (_read.Contains(message))
        {
            return (true, "read while observing");
        }

        if (!m.Encrypted)
        {
            return (true, "it was sent in the clear");
        }

        List<RoomKey> candidates = [];
        if (_state.Rooms.TryGetValue(m.SessionId, out RoomView? view) && view.Keys.TryGetValue(m.Generation, out RoomKey? held))
        {
            candidates.Add(held);
        }

        foreach ((_, _, byte[] wrapped) in relayedKeys.Where(k => k.Room == m.SessionId && k.Generation == m.Generation))
        {
            try
            {
                candidates.Add(_state.Identity.DecryptRoomKey(wrapped, m.SessionId, m.Generation));
            }
            catch (RoomKeyException)
            {
                // Wrapped to another user's key: not this copy's to open.
            }
        }

        foreach (RoomKey key in candidates)
        {
            try
            {
                _ = RoomMessageCipher.Open(key, m.SessionId, m.Sender, m.Generation, m.Body.Span);
                _read.Add(message);
                return (true, "read");
            }
            catch (RoomKeyException)
            {
                // Not this key.
            }
        }

        return (false, candidates.Count == 0 ? $"no room key {m.Generation} of {m.SessionId}" : "no key it holds opens it");
    }
}
