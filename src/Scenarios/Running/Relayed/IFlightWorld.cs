using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Running.Relayed;

/// <summary>What <see cref="FlightNetwork{TFlight}"/> needs of a family's run: its deliveries, its devices and its adversary's hands.</summary>
internal interface IFlightWorld<TFlight>
    where TFlight : Flight
{
    /// <summary>How transcripts name the server ("relay", "server").</summary>
    string ServerName { get; }

    /// <summary>Deliveries on their way, in server order.</summary>
    List<TFlight> InFlight { get; }

    /// <summary>Deliveries a <c>drop</c> took; the server still has them, so <c>run_until_quiet</c> and the heal bring them again.</summary>
    List<TFlight> Dropped { get; }

    /// <summary>Every delivery made, in order (what a passive observer of the network saw).</summary>
    List<TFlight> History { get; }

    /// <summary>Hold rules: later deliveries that match wait too, until released.</summary>
    List<MessageSelector> HoldRules { get; }

    List<DiagramEvent> Diagram { get; }

    /// <summary>The steps run so far (a <c>delay</c> counts in them).</summary>
    int StepNumber { get; }

    RelayLedger Ledger { get; }

    /// <summary>Whether a selector matches a flight.</summary>
    bool Matches(MessageSelector selector, TFlight flight);

    /// <summary>Fills in the enclosing repeats' variables.</summary>
    string ExpandName(string text);

    void Say(string line);

    /// <summary>Whether the device a flight goes to can take it now (a device that is gone takes anything: it is lost).</summary>
    bool CanTake(string device);

    /// <summary>Every offline device comes back and sends what waited in its outbox.</summary>
    void BringAllOnline();

    /// <summary>Hands a delivery to its device.</summary>
    void Deliver(TFlight flight, string note = "");

    /// <summary>Whether a flight carries an application message an adversary can replay or tamper with.</summary>
    bool CarriesText(TFlight flight);

    /// <summary>An adversary's copy of <paramref name="original"/>, delivered at once.</summary>
    void Replay(TFlight original);

    /// <summary>An adversary's tampered copy of <paramref name="original"/> (a bit of <paramref name="step"/>'s field flipped), delivered at once.</summary>
    void Tamper(TFlight original, TamperStep step, Simulation.SeededRandom random);
}
