using System.Diagnostics;
using System.Globalization;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Ports;
using E2eeConformance.InMemoryServer;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Bench;

/// <summary>
/// How the in-memory server scales with group size (issue 12 §3, <c>e2ee-bench --scale</c>): for groups of 1,000 to
/// 10,000 member users (one device each, ECC keys), the time the server takes to create the group and to fan one
/// group message out, and the managed memory it retains for the group and the messages stored for every member. The
/// server runs with manual delivery, so the figures are the server's own work.
/// </summary>
public static class GroupScale
{
    private static readonly int[] Sizes = [1_000, 2_000, 4_000, 8_000, 10_000];

    public static void Run()
    {
        const string Format = "{0,8} {1,14} {2,14} {3,14} {4,16} {5,14}";
        Measure(200); // warm-up: JIT
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, Format, "members", "create ms", "send ms", "µs/member", "retained MB", "MB/1k members"));
        foreach (int members in Sizes)
        {
            (double create, double send, long retained) = Measure(members);
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                Format,
                members.ToString("N0", CultureInfo.InvariantCulture),
                create.ToString("F1", CultureInfo.InvariantCulture),
                send.ToString("F1", CultureInfo.InvariantCulture),
                ((create + send) * 1000 / members).ToString("F2", CultureInfo.InvariantCulture),
                (retained / 1e6).ToString("F1", CultureInfo.InvariantCulture),
                (retained / 1e6 / members * 1000).ToString("F2", CultureInfo.InvariantCulture)));
        }
    }

    private static (double CreateMs, double SendMs, long RetainedBytes) Measure(int members)
    {
        E2eeServer server = ServerLoad.Server("scale.example");
        Account account = ServerLoad.Keys("scale");
        var credentials = new List<DeviceCredential>(members);
        for (int i = 0; i < members; i++)
        {
            credentials.Add(ServerLoad.Register(server, account, $"u{i:D5}"));
        }

        var info = new Wire.GroupInfo { GroupName = "scale" };
        info.GroupMemberList.Add(Enumerable.Range(0, members).Select(i => new Wire.GroupMember
        {
            UserId = $"u{i:D5}",
            Domain = "scale.example",
            Role = i == 0 ? Wire.GroupRole.Manager : Wire.GroupRole.Member,
        }));
        var create = new Wire.CreateGroupRequest
        {
            Msg = new Wire.CreateGroupMsg { E2EesPackId = account.Suite.PackId.Value, SenderAddress = credentials[0].Address, GroupInfo = info },
        };

        long before = ServerLoad.Retained();
        var clock = Stopwatch.StartNew();
        Wire.CreateGroupResponse created = server.CreateGroup(credentials[0], create);
        double createMs = clock.Elapsed.TotalMilliseconds;
        if (created.Code != Wire.ResponseCode.Ok)
        {
            throw new InvalidOperationException($"the group of {members} was refused: {created.Code} {created.Msg}");
        }

        var send = new Wire.SendGroupMsgRequest
        {
            Msg = new Wire.E2eeMsg
            {
                Version = "E2EE_PROTOCOL_V1",
                From = credentials[0].Address,
                To = created.GroupAddress,
                MsgId = "scale-1",
                SessionId = "scale-session",
                GroupMsg = new Wire.GroupMsgPayload { Sequence = 0, Ciphertext = Google.Protobuf.ByteString.CopyFrom(new byte[64]), Signature = Google.Protobuf.ByteString.CopyFrom(new byte[64]) },
            },
        };
        clock.Restart();
        Wire.SendGroupMsgResponse sent = server.SendGroupMsg(credentials[0], send);
        double sendMs = clock.Elapsed.TotalMilliseconds;
        if (sent.Code != Wire.ResponseCode.Ok)
        {
            throw new InvalidOperationException($"the message to {members} members was refused: {sent.Code} {sent.Msg}");
        }

        long retained = ServerLoad.Retained() - before;
        GC.KeepAlive(server);
        return (createMs, sendMs, retained);
    }
}
