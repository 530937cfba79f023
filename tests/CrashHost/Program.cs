using System.Text;
using E2eeConformance.Adapter;
using E2eeConformance.CrashHost;
using E2eeConformance.DeviceStore.Sqlite;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Identifiers;
using Google.Protobuf;

// A device in a process of its own (issue 12 §7): registers on first start, restores from its SQLite file after that,
// then obeys the test's frames until told to quit or killed. Arguments: store path, suite, domain, user id, peer user id.
if (args.Length != 5 || !CipherSuite.TryParse(args[1], out CipherSuite? suite))
{
    Console.Error.WriteLine("usage: E2eeConformance.CrashHost <store.sqlite> <suite> <domain> <user> <peer user>");
    return 2;
}

(string path, string domain, string user, string peer) = (args[0], args[2], args[3], args[4]);
using Stream input = Console.OpenStandardInput();
using Stream output = Console.OpenStandardOutput();
try
{
    using var store = new SqliteDeviceStateStore(path, SqliteDurability.ProcessCrash);
    var transport = new ExchangeTransport(new FramedTransport(input, output).Exchange);
    var events = new FrameEvents(output);
    Device device = store.Load() is null
        ? Device.Register(new DeviceOptions(suite, domain, user, "1"), transport, store, SystemRandomSource.Instance, TimeProvider.System, events)
        : Device.Restore(transport, store, SystemRandomSource.Instance, TimeProvider.System, events);
    Frames.Write(output, Frames.Ready, device.Address.ToByteArray());
    while (Frames.Read(input) is (byte kind, byte[] payload))
    {
        switch (kind)
        {
            case Frames.ProtoMsg:
                device.Process(ProtoMsg.Parser.ParseFrom(payload));
                break;
            case Frames.SendText:
                device.SendText(domain, peer, payload);
                break;
            case Frames.Quit:
                return 0;
            default:
                throw new InvalidDataException($"unexpected frame '{(char)kind}'");
        }

        Frames.Write(output, Frames.Done, []);
    }

    return 0;
}
catch (TestGoneException)
{
    return 0;
}
catch (ProtocolException failure)
{
    Frames.Write(output, Frames.Fatal, Encoding.UTF8.GetBytes($"{failure.Code}: {failure.Message}"));
    return 3;
}
