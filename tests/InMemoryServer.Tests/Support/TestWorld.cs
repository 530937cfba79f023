using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Delivery;
using E2eeConformance.InMemoryServer.Identifiers;
using Microsoft.Extensions.Time.Testing;

namespace E2eeConformance.InMemoryServer.Tests.Support;

/// <summary>A server on a fake clock with sequential ids, immediate delivery to a recording sink, and helpers.</summary>
internal sealed class TestWorld
{
    public static readonly DateTimeOffset Start = new(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);

    public static long StartMs => Start.ToUnixTimeMilliseconds();

    public const string Domain = "e2ee.example";

    public TestWorld(IDeliveryPolicy? delivery = null, Action<E2eeServerOptions>? configure = null)
    {
        var options = new E2eeServerOptions { Domain = Domain };
        configure?.Invoke(options);
        Server = new E2eeServer(options, Time, new SequentialServerIdSource(), delivery ?? new ImmediateInOrderDelivery(Sink));
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public RecordingSink Sink { get; } = new();

    public E2eeServer Server { get; }

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Registers a device of a real engine account (ECC unless told) with its first <paramref name="oneTimePreKeys"/> one-time pre-keys.</summary>
    public Device Register(string userId, string deviceId, CipherSuite? suite = null, int oneTimePreKeys = 100, string authenticator = "")
    {
        var account = TestAccounts.Get(suite ?? CipherSuite.Ecc, $"{userId}/{deviceId}");
        RegisterUserResponse response = Server.RegisterUser(Requests.Register(account, userId, deviceId, oneTimePreKeys, authenticator));
        response.Code.Should().Be(ResponseCode.Ok, response.Msg);
        return new Device(account, new(response.Address, response.Auth));
    }

    /// <summary>Everything the server stores, as hex strings, for before/after comparisons.</summary>
    public IReadOnlyList<string> Snapshot() => Server.StoredBytes().Select(Convert.ToHexString).ToList();

    public IReadOnlyList<ProtoMsg> Pending(Device device) => Server.Pending(device.Address);

    /// <summary>Consumes every pending message of <paramref name="devices"/>.</summary>
    public void ConsumeAll(params Device[] devices)
    {
        foreach (Device device in devices)
        {
            foreach (ProtoMsg message in Server.Pending(device.Address))
            {
                Server.ConsumeProtoMsg(device.Credential, new ConsumeProtoMsgRequest { ProtoMsgId = message.Tag.ProtoMsgId })
                    .Code.Should().Be(ResponseCode.Ok);
            }
        }
    }

    /// <summary>Runs a request that must be refused with <paramref name="expected"/>, and checks it changed nothing stored.</summary>
    public void ExpectRefusal(ResponseCode expected, Func<ResponseCode> request)
    {
        IReadOnlyList<string> before = Snapshot();
        int deliveries = Sink.Delivered.Count;
        request().Should().Be(expected);
        Snapshot().Should().Equal(before, "a refused request changes nothing");
        Sink.Delivered.Should().HaveCount(deliveries, "a refused request delivers nothing");
    }
}
