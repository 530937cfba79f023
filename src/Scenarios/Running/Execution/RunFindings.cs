using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// What a run found so far and what the scenario said about it: the errors devices reported (and which are claimed or
/// tolerated), the requests the server refused, the invariant violations not yet reported, the plaintexts the server must never see, and the receipts a
/// <c>not_received</c> expectation excused.
/// </summary>
internal sealed class RunFindings
{
    private readonly List<RecordedError> _errors = [];
    private readonly List<RecordedRefusal> _refusals = [];
    private readonly List<(IReadOnlyCollection<string> Devices, string Code)> _tolerated = [];
    private readonly HashSet<(string Device, string Message)> _excused = [];
    private readonly List<RecordedEvent> _events = [];
    private readonly List<string> _violations = [];
    private readonly List<byte[]> _watchedTexts = [];

    /// <summary>Every error a device reported, in order.</summary>
    public IReadOnlyList<RecordedError> Errors => _errors;

    /// <summary>Every request a step asked for that the server refused, in order.</summary>
    public IReadOnlyList<RecordedRefusal> Refusals => _refusals;

    /// <summary>Records a refused request.</summary>
    public void AddRefusal(RecordedRefusal refusal) => _refusals.Add(refusal);

    /// <summary>The events devices raised that an <c>event</c> expectation can look for, in order.</summary>
    public IReadOnlyList<RecordedEvent> Events => _events;

    /// <summary>Records an event a device raised.</summary>
    public void AddEvent(RecordedEvent recorded) => _events.Add(recorded);

    /// <summary>Invariant violations seen so far, in order (possibly repeated).</summary>
    public IReadOnlyList<string> Violations => _violations;

    /// <summary>The sent plaintexts long enough to look for in what reaches the server.</summary>
    public IReadOnlyList<byte[]> WatchedTexts => _watchedTexts;

    /// <summary>Records an error; it is claimed already when a <c>tolerate</c> expectation covers its device and code.</summary>
    public void AddError(RecordedError error)
    {
        error.Claimed = _tolerated.Any(t => t.Code == error.Code && t.Devices.Contains(error.Device));
        _errors.Add(error);
    }

    /// <summary>From now on, errors with <paramref name="code"/> at <paramref name="devices"/> are claimed as they come.</summary>
    public void Tolerate(IReadOnlyCollection<string> devices, string code) => _tolerated.Add((devices, code));

    /// <summary>The end-of-run check no longer expects <paramref name="device"/> to decrypt <paramref name="message"/>.</summary>
    public void Excuse(string device, string message) => _excused.Add((device, message));

    /// <summary>Whether a <c>not_received</c> expectation excused this receipt.</summary>
    public bool IsExcused(string device, string message) => _excused.Contains((device, message));

    /// <summary>Records a violated invariant, reported after the current step.</summary>
    public void Violation(string what) => _violations.Add(what);

    /// <summary>Watches a sent plaintext: it must never reach the server.</summary>
    public void Watch(byte[] text) => _watchedTexts.Add(text);

    /// <summary>"; it reported CODE, …" for the errors a device reported about a message, or empty.</summary>
    public string ErrorsFor(string device, string message)
    {
        List<RecordedError> errors = [.. _errors.Where(r => r.Device == device && r.Message == message)];
        return errors.Count == 0 ? "" : "; it reported " + string.Join(", ", errors.Select(r => r.Code));
    }
}
