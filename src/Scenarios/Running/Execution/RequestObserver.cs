using E2eeConformance.Engine.Ports;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// Sees every request a device makes to the server (through <see cref="ObservedTransport"/>): a watched plaintext in
/// it is an invariant violation, and each request is an arrow of the sequence diagram.
/// </summary>
internal sealed class RequestObserver(RunFindings findings, RunDiagram diagram, RunRoster roster)
{
    /// <summary>The device being registered: requests without a credential come from it (else from "device").</summary>
    public string? Registering { get; set; }

    /// <summary>Checks and draws one request of <paramref name="kind"/>.</summary>
    public void Observe(string kind, DeviceCredential? credential, Google.Protobuf.IMessage request)
    {
        if (request is Wire.ConsumeProtoMsgRequest)
        {
            return; // the most frequent request carries an id only: nothing to scan, nothing to draw
        }

        byte[] bytes = Google.Protobuf.MessageExtensions.ToByteArray(request);
        foreach (byte[] text in findings.WatchedTexts)
        {
            if (bytes.AsSpan().IndexOf(text) >= 0)
            {
                findings.Violation($"plaintext {Transcript.Quote(text)} reached the server in a {kind} request");
            }
        }

        string from = credential is null ? Registering ?? "device" : roster.NameOf(credential.Address);
        string msgId = request switch
        {
            Wire.SendOne2oneMsgRequest r => r.Msg?.MsgId ?? "",
            Wire.SendGroupMsgRequest r => r.Msg?.MsgId ?? "",
            _ => "",
        };
        diagram.Request(from, kind, msgId);
    }
}
