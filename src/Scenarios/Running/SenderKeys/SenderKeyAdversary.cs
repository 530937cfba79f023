using E2eeConformance.SenderKeys.Device;
using E2eeConformance.SenderKeys.Groups;
using E2eeConformance.SenderKeys.Ports;
using E2eeConformance.SenderKeys.Relay;

namespace E2eeConformance.Scenarios.Running.SenderKeys;

/// <summary>
/// A <c>compromise</c>'s state copy: the device's stored state at that moment (identity key, pairwise sessions, sender
/// keys and chains), advanced only by what the adversary itself reads — the traffic to the device when it observes,
/// and its own attempts. It never writes back to the device.
/// </summary>
internal sealed class SenderKeyAdversary(string device, SenderKeyDeviceState state, bool observes, LabelledStream random, Func<DeviceEvent, string?> nameOfRead)
{
    public string Device { get; } = device;

    public bool Observes { get; } = observes;

    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private SenderKeyDeviceState _state = state;

    /// <summary>
    /// Feeds an observed delivery to the copy (what it learns, a sender key or a chain step, it keeps); every text it
    /// reads this way — the delivery's, or held ones a key opens — counts as read.
    /// </summary>
    public void Observe(RelayDelivery delivery, long nowMs, SenderKeyPolicy policy)
    {
        DeviceStep step = SenderKeyDevice.Step(_state, new Delivered(delivery), nowMs, random, policy);
        _state = step.State;
        foreach (string name in step.Events.Select(nameOfRead).OfType<string>())
        {
            _read.Add(name);
        }
    }

    /// <summary>
    /// Tries to read a delivery with the copy: true (and the advanced copy kept) when a text comes out; otherwise the
    /// copy's refusal code or "no key".
    /// </summary>
    public (bool Read, string Why) TryRead(string message, RelayDelivery delivery, long nowMs, SenderKeyPolicy policy)
    {
        if (_read.Contains(message))
        {
            return (true, "read while observing");
        }

        DeviceStep step = SenderKeyDevice.Step(_state, new Delivered(delivery), nowMs, random, policy);
        if (step.Events.Any(e => e is TextReceived or GroupTextReceived))
        {
            _state = step.State;
            foreach (string name in step.Events.Select(nameOfRead).OfType<string>())
            {
                _read.Add(name);
            }

            return (_read.Contains(message), _read.Contains(message) ? "read" : "it read another text");
        }

        return (false, step.Events.OfType<InputRefused>().FirstOrDefault()?.Code ?? (step.Events.OfType<GroupTextHeld>().Any() ? "no key for it" : "nothing read"));
    }
}
