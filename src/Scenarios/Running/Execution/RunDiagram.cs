using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// The events of a run's sequence diagram, in order. Requests that carry a message are labelled with its scenario name
/// at the end, once every sender has said what it encrypted.
/// </summary>
internal sealed class RunDiagram
{
    private readonly List<DiagramEvent> _events = [];
    private readonly List<(int Index, string MsgId)> _labels = [];

    /// <summary>Appends an event; returns its index (for <see cref="SetOutcome"/>).</summary>
    public int Add(DiagramEvent e)
    {
        _events.Add(e);
        return _events.Count - 1;
    }

    /// <summary>A note over one participant.</summary>
    public void Note(string over, string label, string outcome = "") => Add(new DiagramEvent(DiagramEventKind.Note, over, over, label, outcome));

    /// <summary>A fault the network made to a delivery to <paramref name="to"/>.</summary>
    public void Fault(string to, string label) => Add(new DiagramEvent(DiagramEventKind.Fault, "server", to, label, ""));

    /// <summary>A device's request to the server; <paramref name="msgId"/> (or empty) names the message it carries.</summary>
    public void Request(string from, string kind, string msgId)
    {
        if (msgId.Length > 0)
        {
            _labels.Add((_events.Count, msgId));
        }

        Add(new DiagramEvent(DiagramEventKind.Request, from, "server", kind, ""));
    }

    /// <summary>Sets what came of the event at <paramref name="index"/>.</summary>
    public void SetOutcome(int index, string outcome) => _events[index] = _events[index] with { Outcome = outcome };

    /// <summary>The diagram as it stands, with each request that carried a message labelled by the message's name.</summary>
    public List<DiagramEvent> Final(MessageLedger ledger)
    {
        List<DiagramEvent> diagram = [.. _events];
        foreach ((int index, string msgId) in _labels)
        {
            if (ledger.NameOf(msgId) is { } name)
            {
                diagram[index] = diagram[index] with { Label = $"{diagram[index].Label} {name}" };
            }
        }

        return diagram;
    }
}
