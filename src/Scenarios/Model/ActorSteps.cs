namespace E2eeConformance.Scenarios.Model;

/// <summary><c>register: [alice, bob]</c>: registers every device of the named users (seed 000 §Register User); "all" for everyone.</summary>
public sealed record RegisterStep(IReadOnlyList<string> Users) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "register";
}

/// <summary><c>add_device: { user, as? }</c>: registers one more device of a user (device id = next number unless named).</summary>
public sealed record AddDeviceStep(string User, string? As) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "add_device";
}

/// <summary><c>restart: DEVICE</c>: stops the device and starts it again from its store (its SQLite file), then activates it.</summary>
public sealed record RestartStep(string Device) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "restart";
}

/// <summary>
/// <c>advance_clock: 8d</c> (also h, m, s, ms): moves the virtual clock; then every device runs its start-up check
/// (signed pre-key renewal once its 7-day TTL passed, REFERENCE-BEHAVIOUR §16).
/// </summary>
public sealed record AdvanceClockStep(TimeSpan By) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "advance_clock";
}

/// <summary>
/// <c>compromise: { device, as, observes? }</c>: an adversary takes a copy of the device's stored state now (and keeps
/// it). With <see cref="Observes"/> it also sees every message the network delivers to the device from then on (a
/// passive network view) and feeds them to its copy in order, so an <c>adversary_decrypts</c> expectation is exact:
/// the copy reads whatever the device's state from the compromise plus the traffic lets it read, and nothing the
/// device's own fresh randomness protects.
/// </summary>
public sealed record CompromiseStep(string Device, string As) : Step
{
    /// <summary>Whether the adversary also observes the traffic to the device from now on (default false: the copy only).</summary>
    public bool Observes { get; init; }

    /// <inheritdoc/>
    public override string Keyword => "compromise";
}

/// <summary>
/// <c>add_user: { user, devices?, one_time_pre_keys? }</c>: a user who was not declared under <c>users</c> joins now:
/// devices <c>user/1 … user/N</c> register at once (as <c>register</c> does); later steps may name the user.
/// </summary>
/// <param name="User">The new user's name.</param>
/// <param name="Devices">How many devices it registers (≥ 1).</param>
/// <param name="OneTimePreKeys">One-time pre-keys each device registers with (the protocol's batch when null).</param>
public sealed record AddUserStep(string User, int Devices = 1, int? OneTimePreKeys = null) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "add_user";
}

/// <summary>
/// <c>offline: DEVICE</c> (a user: all of its devices): nothing reaches the device and nothing leaves it — deliveries to
/// it wait, and the requests it makes (a send, a signed pre-key renewal when the clock advances) wait in its outbox —
/// until <c>online</c> or the end-of-run heal. Its clock runs on.
/// </summary>
public sealed record OfflineStep(string Device) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "offline";
}

/// <summary>
/// <c>online: DEVICE</c> (a user: all of its devices): the device reconnects: it runs its start-up check, sends what
/// waited in its outbox, and deliveries to it resume.
/// </summary>
public sealed record OnlineStep(string Device) : Step
{
    /// <inheritdoc/>
    public override string Keyword => "online";
}
