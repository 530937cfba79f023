using System.Diagnostics;
using System.Globalization;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Ports;
using E2eeConformance.InMemoryServer;
using Google.Protobuf;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Bench;

/// <summary>
/// Server memory over a million messages (issue 12 §4, <c>e2ee-bench --memory</c>): two devices, one sends one-to-one
/// messages, the other consumes each; the managed memory the server keeps is printed every 100,000 messages. It stays
/// flat once the windows are full: the consumed ProtoMsg ids (65,536) and the sender's recent message ids (4,096).
/// </summary>
public static class FlatMemory
{
    private const int Messages = 1_000_000;
    private const int Every = 100_000;

    public static void Run()
    {
        E2eeServer server = ServerLoad.Server("memory.example");
        Account account = ServerLoad.Keys("memory");
        DeviceCredential alice = ServerLoad.Register(server, account, "alice");
        DeviceCredential bob = ServerLoad.Register(server, account, "bob");
        var ciphertext = ByteString.CopyFrom(new byte[64]);
        var ratchet = ByteString.CopyFrom(new byte[32]);
        Console.WriteLine($"{"messages",10} {"server MB",10} {"s",8}");
        Console.WriteLine($"{0,10:N0} {ServerLoad.Retained() / 1e6,10:F1} {0,8:F1}");
        var clock = Stopwatch.StartNew();
        for (int i = 1; i <= Messages; i++)
        {
            server.SendOne2oneMsg(alice, new Wire.SendOne2oneMsgRequest
            {
                Msg = new Wire.E2eeMsg
                {
                    Version = "E2EE_PROTOCOL_V1",
                    From = alice.Address,
                    To = bob.Address,
                    MsgId = $"m{i}",
                    SessionId = "s",
                    One2OneMsg = new Wire.One2oneMsgPayload { Ciphertext = ciphertext, RatchetKey = ratchet },
                },
            });
            foreach (Wire.ProtoMsg m in server.Pending(bob.Address))
            {
                server.ConsumeProtoMsg(bob, new Wire.ConsumeProtoMsgRequest { ProtoMsgId = m.Tag.ProtoMsgId });
            }

            if (i % Every == 0)
            {
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,10:N0} {1,10:F1} {2,8:F1}", i, ServerLoad.Retained() / 1e6, clock.Elapsed.TotalSeconds));
            }
        }

        GC.KeepAlive(server);
    }
}
