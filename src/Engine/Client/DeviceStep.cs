using System.Collections.Immutable;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// The result of one input to the device core: the new state and the effects it decided — requests to send and
/// events to raise. Both are also recorded in <see cref="State"/> (its outbox and unacknowledged events), so saving
/// the state saves them with the change; the shell performs them only after that save.
/// </summary>
/// <param name="State">The new state.</param>
/// <param name="Requests">The requests this input added to the outbox, in sending order.</param>
/// <param name="Events">The events this input produced, in order.</param>
/// <param name="MustSave">
/// False only when the change is one a crash may lose without harm: forgetting an answered request the server
/// deduplicates (a consume, a message) or acknowledged events. Such a change is saved with the next one.
/// </param>
public sealed record DeviceStep(DeviceState State, ImmutableList<OutboxItem> Requests, ImmutableList<StoredEvent> Events, bool MustSave);
