namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// A message the generator wrote a send for, with the devices the model knows it went in flight to at once (those the
/// sender already had a session with, or every other member device of a group whose members all held the keys).
/// Faults, replays and tampered copies name only such a message and device, so they always find it in flight or seen.
/// </summary>
/// <param name="Name">The send's <c>as</c> name.</param>
/// <param name="From">The sending device.</param>
/// <param name="Group">Whether it went to a group.</param>
/// <param name="InFlightTo">The devices it surely went in flight to when it was sent (may be empty).</param>
internal sealed record FuzzMessage(string Name, string From, bool Group, IReadOnlyList<string> InFlightTo)
{
    /// <summary>
    /// How many clock jumps were written before the send: a copy of a group message replayed or tampered with after a
    /// later one may meet keys the grace dropped (<see cref="FuzzTolerance.PastGraceCodes"/>).
    /// </summary>
    public int ClockJumpsBefore { get; init; }
}
