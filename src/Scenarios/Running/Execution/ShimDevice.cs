using System.Text.Json.Nodes;
using E2eeConformance.Adapter;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// One device of a run as a shim process of the implementation under test (docs/ADAPTER.md): each call the run makes
/// becomes a command; the shim's requests go to the run's transport (its server, network and observers) and its
/// events to the run's collector, as an engine device's would. An <c>unimplemented</c> answer ends the run as
/// unimplemented; an <c>error</c> answer is a <see cref="DeviceCommandException"/> with the implementation's name.
/// </summary>
internal sealed class ShimDevice : IDisposable
{
    private readonly DeviceImplementation _implementation;
    private readonly string _store;
    private readonly ITransport _transport;
    private readonly IDeviceEvents<StoredEvent> _events;
    private readonly TimeProvider _clock;
    private ShimProcess _process;
    private long _lastEventId;

    public ShimDevice(DeviceImplementation implementation, string store, ITransport transport, IDeviceEvents<StoredEvent> events, TimeProvider clock)
    {
        _implementation = implementation;
        _store = store;
        _transport = transport;
        _events = events;
        _clock = clock;
        _process = Start();
    }

    /// <summary>The name of the implementation the device is.</summary>
    public string ImplementationName => _implementation.Name;

    /// <summary>The device's address once registered or resumed.</summary>
    public Wire.E2eeAddress Address { get; private set; } = new();

    public void Register(CipherSuite suite, string domain, string user, string deviceId, int initialOneTimePreKeys)
    {
        if (!_process.Hello.Supports(suite.Name) || !_implementation.Supports(suite.Name))
        {
            throw new ImplementationUnimplemented($"{_implementation.Name} does not support the suite {suite.Name}");
        }

        Run("register", new JsonObject
        {
            ["suite"] = suite.Name,
            ["domain"] = domain,
            ["user"] = user,
            ["device"] = deviceId,
            ["one_time_pre_keys"] = initialOneTimePreKeys,
        });
    }

    /// <summary>Stops the process and starts a new one on the same store (<c>resume</c>), then runs its start-up check.</summary>
    public void Restart()
    {
        _process.Shutdown(NowMs);
        _process.Dispose();
        _process = Start();
        Run("resume", null);
        Run("tick", null);
    }

    public JsonObject Run(string command, JsonObject? fields)
    {
        List<JsonObject> raised = [];
        ShimAnswer answer = _process.Command(command, NowMs, fields, (type, credential, body) => TransportBytes.Serve(_transport, type, credential, body), raised.Add);
        if (answer.IsResult && command is "register" or "resume")
        {
            Address = Read($"the address in the answer to {command}", () => Wire.E2eeAddress.Parser.ParseFrom(JsonFields.Bytes(answer.Message, "address")));
        }

        string device = Addresses.Format(Address);
        foreach (JsonObject line in raised)
        {
            if (Read($"an event during {command}", () => ShimEvents.Parse(line, device, _implementation.ErrorNames)) is { } e)
            {
                long id = line["id"] is JsonValue v && v.TryGetValue(out long n) ? n : _lastEventId + 1; // without an id: taken as it comes
                _lastEventId = Math.Max(_lastEventId, id);
                _events.Raise(new StoredEvent(id, e));
            }
        }

        return answer.Kind switch
        {
            "result" => answer.Message,
            "unimplemented" => throw new ImplementationUnimplemented($"{_implementation.Name} does not implement {command}: {answer.Detail}"),
            _ when Refusal(answer) is { } refused => throw refused,
            _ => throw new DeviceCommandException(answer.Error, answer.Detail),
        };
    }

    /// <summary>
    /// An error answer that says the server refused the command's request (docs/ADAPTER.md: <c>request</c> and the
    /// response <c>code</c>'s number beside the error), as the engine's <see cref="DeviceRequestException"/>; null otherwise.
    /// </summary>
    private static DeviceRequestException? Refusal(ShimAnswer answer) =>
        answer.Message["request"] is JsonValue request && request.TryGetValue(out string? name)
        && answer.Message["code"] is JsonValue code && code.TryGetValue(out int number)
        && Enum.IsDefined((Wire.ResponseCode)number) && !DeviceCore.IsSuccess((Wire.ResponseCode)number)
            ? new DeviceRequestException(name, (Wire.ResponseCode)number, answer.Detail)
            : null;

    /// <summary>The shim's <c>summary</c>: the devices it has sessions with and each group's members; null when it does not report one.</summary>
    public JsonObject? Summary()
    {
        if (!_process.Hello.Can("summary"))
        {
            return null;
        }

        JsonObject answer = Run("summary", null);
        return Read("the summary", () => answer["summary"] as JsonObject ?? throw new InvalidDataException("'summary' is missing or not an object"));
    }

    /// <summary>
    /// The device's whole state in the engine's stored format (<c>export_state</c>), as an adversary copies it; a shim
    /// without the capability makes the run unimplemented, one that sends bytes the engine cannot read is an
    /// <c>adapter_protocol_error</c>.
    /// </summary>
    public byte[] ExportState()
    {
        if (!_process.Hello.Can("export_state"))
        {
            throw new ImplementationUnimplemented($"{_implementation.Name} does not export its state (capability export_state), which an adversary copies");
        }

        JsonObject answer = Run("export_state", null);
        return Read("the state in the answer to export_state", () =>
        {
            byte[] state = JsonFields.Bytes(answer, "state");
            try
            {
                _ = DeviceStateCodec.Decode(state); // checked now, so a bad state is the shim's fault, reported as such
            }
            catch (Engine.Errors.ProtocolException e)
            {
                throw new InvalidDataException($"'state' is not a device state the engine reads: {e.Detail}", e);
            }

            return state;
        });
    }

    /// <summary>
    /// Reads what the shim sent with <paramref name="read"/>; a missing or badly typed field is the shim's
    /// <c>adapter_protocol_error</c> (the process is stopped), never an untyped exception of the run.
    /// </summary>
    public T Read<T>(string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or Google.Protobuf.InvalidProtocolBufferException)
        {
            string stderr = _process.StderrTail();
            _process.Dispose();
            throw new AdapterFailure(AdapterFailureCode.ProtocolError, $"{what}: {e.Message}", stderr);
        }
    }

    public void Dispose() => _process.Dispose();

    private long NowMs => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private ShimProcess Start() => ShimProcess.Start(_implementation.Program, _implementation.Arguments, _store, _implementation.Timeout);
}
