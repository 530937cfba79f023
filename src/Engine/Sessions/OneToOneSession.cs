namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// A one-to-one session, as a state machine of types (STYLE #3): an outbound session waits for its AcceptMsg
/// (<see cref="AwaitingAcceptSession"/>) before it can encrypt (seed 000 §PQKA: "The outbound session is not able to
/// send encrypted messages before receiving an accept message"); then it is an <see cref="EstablishedSession"/>.
/// An inbound session is established as soon as it accepts the invite.
/// </summary>
public abstract record OneToOneSession(SessionInfo Info);
