using System.Globalization;
using System.Text;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.CrashHost;

/// <summary>
/// The device's event plugin in its own process: each event goes to the test as an <see cref="Frames.Event"/> frame
/// (<see cref="EventLine"/>). Returning is taking the event: the test has it once the frame is written.
/// </summary>
internal sealed class FrameEvents(Stream output) : IDeviceEvents<StoredEvent>
{
    public void Raise(StoredEvent e) =>
        Frames.Write(output, Frames.Event, Encoding.UTF8.GetBytes(EventLine.Format(e)));
}

/// <summary>
/// An event as one line: <c>id TAB kind TAB from TAB detail</c>. Kind <c>received</c> (a one-to-one text; detail = the
/// text in base64), <c>failure</c> (a protocol failure; detail = code and message), <c>session</c> (a session established; detail = its id and direction) or the event's type name.
/// </summary>
public static class EventLine
{
    public static string Format(StoredEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string id = e.Id.ToString(CultureInfo.InvariantCulture);
        return e.Event switch
        {
            OneToOneMessageReceived r => $"{id}\treceived\t{r.From}\t{Convert.ToBase64String(r.Text)}",
            ProtocolFailure f => $"{id}\tfailure\t{f.MessageKind}\t{f.Code} {f.Detail}",
            SessionEstablished s => $"{id}\tsession\t{s.Peer}\t{s.SessionId} {(s.Outbound ? "outbound" : "inbound")}",
            DeviceEvent other => $"{id}\t{other.GetType().Name}\t\t",
        };
    }
}
