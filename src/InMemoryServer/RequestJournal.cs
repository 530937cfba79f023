namespace E2eeConformance.InMemoryServer;

/// <summary>
/// Atomic requests (issue 12 §2): the undo record of the one request being served. Every part of the server that
/// changes what it stores while serving a request reports the change here, with how to revert it
/// (<see cref="Changed"/>); when the request fails for any reason — a refusal, or an exception thrown mid-way, out of
/// memory or a defect — <see cref="E2eeServer"/> reverts every change in reverse order (<see cref="RollBack"/>), so the
/// server holds and sends exactly what it did before. Messages a request stores are queued for delivery only once it
/// has committed (<see cref="ProtoMsgStore.PublishStaged"/>): nothing leaves a failed request.
/// <para>
/// The fault-injection seam: <see cref="FaultInjection"/>, when set, is called with the name of every step — each
/// change, the end of validation in each handler, and the end of the request — and may throw there, which is how the
/// tests fail a request at every step of every handler and compare the server's whole state before and after.
/// </para>
/// <para>
/// What is not reverted: the position of the identifier source (an id drawn by a failed request is not drawn again;
/// ids are not stored state, and a source may be random anyway) and the served/refused counters (a failed request is
/// counted as refused). Reverting is collection operations only; should one of them fail (out of memory), the rest
/// still run and the failure is reported to the server, which logs it.
/// </para>
/// Used only under the server's lock; one request at a time.
/// </summary>
internal sealed class RequestJournal
{
    /// <summary>
    /// Beyond this many entries, a request's record (and its staged deliveries, <see cref="ProtoMsgStore.PublishStaged"/>)
    /// is let go after the request rather than kept at its size for the next.
    /// </summary>
    public const int KeptCapacity = 4096;

    private List<Action> _undo = [];

    /// <summary>Called with the name of every step of a request when set; a test throws from it to fail the request there.</summary>
    public Action<string>? FaultInjection { get; set; }

    /// <summary>A named point of a request where nothing has changed since the previous step (e.g. validation is done).</summary>
    public void Step(string step) => FaultInjection?.Invoke(step);

    /// <summary>A change was made: <paramref name="undo"/> reverts it (run in reverse order with the others on failure).</summary>
    public void Changed(string step, Action undo)
    {
        _undo.Add(undo);
        FaultInjection?.Invoke(step);
    }

    /// <summary>The request succeeded: its changes stay.</summary>
    public void Commit() => Reset();

    /// <summary>
    /// The request failed: reverts its changes, newest first. Returns the first exception an undo threw (the others
    /// still ran), or null when every change was reverted.
    /// </summary>
    public Exception? RollBack()
    {
        Exception? first = null;
        for (int i = _undo.Count - 1; i >= 0; i--)
        {
            try
            {
                _undo[i]();
            }
#pragma warning disable CA1031 // Every other change must still be reverted; the server logs the first failure.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                first ??= failure;
            }
        }

        Reset();
        return first;
    }

    /// <summary>Empties the record; a large one (a fan-out to thousands) is let go instead of kept at its size.</summary>
    private void Reset()
    {
        if (_undo.Count > KeptCapacity)
        {
            _undo = [];
        }
        else
        {
            _undo.Clear();
        }
    }
}
