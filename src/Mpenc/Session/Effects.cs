using E2eeConformance.Mpenc.Channel;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// What one step of a member produces besides its new state: the channel requests to make and the events to report, in
/// order. A step collects them here and hands them out with the state; they leave only once that state is committed.
/// </summary>
internal sealed class Effects
{
    public List<ChannelRequest> Requests { get; } = [];

    public List<SessionEvent> Events { get; } = [];

    public void Request(ChannelRequest request) => Requests.Add(request);

    public void Event(SessionEvent e) => Events.Add(e);

    public void Note(string channel, string text) => Events.Add(new SessionNote(channel, text));
}
