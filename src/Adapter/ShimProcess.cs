using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Adapter;

/// <summary>
/// The harness's side of one shim process (docs/ADAPTER.md): starts it with its store directory, checks the handshake,
/// sends commands one at a time and serves the requests and takes the events the shim sends while a command runs.
/// Every wait has a deadline; a shim that hangs, exits, writes garbage, answers the wrong command or floods its output
/// is killed and reported as an <see cref="AdapterFailure"/> with the tail of its standard error. Never throws
/// anything else for what the shim does, and never waits without end.
/// </summary>
public sealed class ShimProcess : IDisposable
{
    private const int StderrTailChars = 64 * 1024;

    /// <summary>How many lines of a shim wait to be read before its output blocks (a flooding shim waits for the harness).</summary>
    private const int QueuedLines = 1024;

    private readonly Process _process;
    private readonly Stream _toShim;
    private readonly BlockingCollection<object> _lines = new(boundedCapacity: QueuedLines);
    private readonly StringBuilder _stderr = new();
    private readonly TimeSpan _timeout;
    private long _nextCommandId = 1;
    private bool _failed;
    private volatile bool _timedOut;

    private ShimProcess(Process process, TimeSpan timeout, int maxLineBytes)
    {
        _process = process;
        _timeout = timeout;
        _toShim = new BufferedStream(process.StandardInput.BaseStream);
        process.ErrorDataReceived += (_, e) => AppendStderr(e.Data);
        process.BeginErrorReadLine();
        Stream fromShim = new BufferedStream(process.StandardOutput.BaseStream);
        var reader = new Thread(() => ReadLines(fromShim, maxLineBytes)) { IsBackground = true, Name = "shim output" };
        reader.Start();
    }

    /// <summary>The shim's handshake.</summary>
    public ShimHello Hello { get; private set; } = ShimHello.None;

    /// <summary>
    /// Starts the shim (<paramref name="fileName"/> with <paramref name="arguments"/>, the store directory in
    /// <see cref="AdapterProtocol.StoreVariable"/>) and runs the handshake.
    /// </summary>
    /// <exception cref="AdapterFailure">The shim did not start, or failed the handshake.</exception>
    public static ShimProcess Start(string fileName, IEnumerable<string> arguments, string storeDirectory, TimeSpan timeout, int maxLineBytes = AdapterProtocol.MaxLineBytes)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment[AdapterProtocol.StoreVariable] = storeDirectory;
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new AdapterFailure(AdapterFailureCode.Crashed, $"{fileName} did not start", "");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new AdapterFailure(AdapterFailureCode.Crashed, $"{fileName} could not be started: {e.Message}", "");
        }

        var shim = new ShimProcess(process, timeout, maxLineBytes);
        try
        {
            shim.Handshake();
            return shim;
        }
        catch
        {
            shim.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends one command and serves the shim until it answers: each <c>request</c> goes to <paramref name="serve"/>
    /// (request type, credential, request bytes → response bytes), each <c>event</c> to <paramref name="onEvent"/>.
    /// </summary>
    /// <exception cref="AdapterFailure">The shim timed out, crashed or broke the protocol; it has been killed.</exception>
    public ShimAnswer Command(string command, long timeMs, JsonObject? fields, Func<RequestType, DeviceCredential?, byte[], byte[]> serve, Action<JsonObject> onEvent)
    {
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentNullException.ThrowIfNull(onEvent);
        long id = _nextCommandId++;
        var message = new JsonObject { ["type"] = "command", ["id"] = id, ["time_ms"] = timeMs, ["command"] = command };
        foreach ((string key, JsonNode? value) in fields ?? [])
        {
            message[key] = value?.DeepClone();
        }

        DateTime deadline = DateTime.UtcNow + _timeout;
        using Timer watchdog = Watchdog();
        Send(message, $"command {id} ({command})");
        while (true)
        {
            JsonObject line = Next(deadline, $"command {id} ({command})");
            string context = $"command {id} ({command})";
            switch (Guard(() => JsonFields.TypeOf(line), context))
            {
                case "request":
                    Serve(line, serve, context);
                    break;
                case "event":
                    try
                    {
                        onEvent(line);
                    }
                    catch (Exception e) when (e is not AdapterFailure)
                    {
                        Kill(); // the command cannot go on; what the shim sends next must not reach the next command
                        throw;
                    }

                    break;
                case "result" or "unimplemented" or "error" when Guard(() => JsonFields.Long(line, "id"), context) == id:
                    return new ShimAnswer(JsonFields.TypeOf(line), line);
                case "result" or "unimplemented" or "error":
                    throw Fail(AdapterFailureCode.ProtocolError, $"{context}: an answer to command {line["id"]?.ToJsonString()}, which is not the one running");
                default:
                    throw Fail(AdapterFailureCode.ProtocolError, $"{context}: a message of type '{JsonFields.TypeOf(line)}' from the shim");
            }
        }
    }

    /// <summary>Asks the shim to exit and waits for it (killing it after the timeout).</summary>
    /// <exception cref="AdapterFailure">The shim did not answer, or did not exit with status 0.</exception>
    public void Shutdown(long timeMs)
    {
        Command("shutdown", timeMs, null, (_, _, _) => throw Fail(AdapterFailureCode.ProtocolError, "a request while shutting down"), _ => { });
        if (!_process.WaitForExit(_timeout))
        {
            throw Fail(AdapterFailureCode.Timeout, "the shim did not exit after shutdown");
        }

        if (_process.ExitCode != 0)
        {
            throw Fail(AdapterFailureCode.Crashed, $"the shim exited with status {_process.ExitCode} after shutdown");
        }
    }

    /// <summary>The last characters the shim wrote to its standard error.</summary>
    public string StderrTail()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }

    public void Dispose()
    {
        Kill();
        _lines.CompleteAdding(); // a reader blocked on a full queue gives up
        _process.Dispose();
    }

    private void Handshake()
    {
        DateTime deadline = DateTime.UtcNow + _timeout;
        using Timer watchdog = Watchdog();
        Send(new JsonObject { ["type"] = "hello", ["protocol"] = AdapterProtocol.Version }, "the handshake");
        JsonObject hello = Next(deadline, "the handshake");
        Hello = Guard(() => ShimHello.Parse(hello), "the handshake");
    }

    private void Serve(JsonObject line, Func<RequestType, DeviceCredential?, byte[], byte[]> serve, string context)
    {
        (long requestId, RequestType type, DeviceCredential? credential, byte[] body) = Guard(() =>
        {
            string name = JsonFields.String(line, "request");
            RequestType kind = AdapterProtocol.RequestTypeNamed(name) ?? throw new InvalidDataException($"an unknown request type '{name}'");
            byte[] address = Convert.FromBase64String(JsonFields.Optional(line, "address") ?? "");
            string token = JsonFields.Optional(line, "token") ?? "";
            DeviceCredential? who = address.Length == 0 ? null : new DeviceCredential(Engine.Wire.E2eeAddress.Parser.ParseFrom(address), token);
            return (JsonFields.Long(line, "id"), kind, who, JsonFields.Bytes(line, "body"));
        }, context);
        byte[] response;
        try
        {
            response = serve(type, credential, body);
        }
        catch (InvalidDataException bad)
        {
            throw Fail(AdapterFailureCode.ProtocolError, $"{context}: request {requestId}: {bad.Message}");
        }
        catch (Exception e) when (e is not AdapterFailure)
        {
            Kill(); // the command cannot go on; what the shim sends next must not reach the next command
            throw;
        }

        Send(new JsonObject { ["type"] = "response", ["id"] = requestId, ["body"] = Convert.ToBase64String(response) }, context);
    }

    /// <summary>The next line, or the failure that ended the wait.</summary>
    private JsonObject Next(DateTime deadline, string context)
    {
        TimeSpan left = deadline - DateTime.UtcNow;
        if (left <= TimeSpan.Zero || !_lines.TryTake(out object? item, left))
        {
            throw Fail(AdapterFailureCode.Timeout, $"{context} was not answered within {_timeout.TotalSeconds:0.#} s");
        }

        return item switch
        {
            JsonObject line => line,
            InvalidDataException bad => throw Fail(AdapterFailureCode.ProtocolError, $"{context}: {bad.Message}"),
            _ when _timedOut => throw Fail(AdapterFailureCode.Timeout, $"{context} was not answered within {_timeout.TotalSeconds:0.#} s"),
            _ => throw Fail(AdapterFailureCode.Crashed, $"{context}: the shim ended its output{ExitStatus()}"),
        };
    }

    private void Send(JsonObject message, string context)
    {
        try
        {
            JsonLines.Write(_toShim, message);
        }
        catch (IOException e)
        {
            throw _timedOut
                ? Fail(AdapterFailureCode.Timeout, $"{context}: the shim did not read its input within {_timeout.TotalSeconds:0.#} s")
                : Fail(AdapterFailureCode.Crashed, $"{context}: the shim's input is closed ({e.Message}){ExitStatus()}");
        }
    }

    private T Guard<T>(Func<T> read, string context)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or InvalidOperationException or Google.Protobuf.InvalidProtocolBufferException)
        {
            throw Fail(AdapterFailureCode.ProtocolError, $"{context}: {e.Message}");
        }
    }

    /// <summary>
    /// Kills the shim at the deadline even when the harness is blocked writing to it (a shim that stops reading its
    /// input fills the pipe): the blocked write then fails and is reported as <c>adapter_timeout</c>.
    /// </summary>
    private Timer Watchdog() => new(_ =>
    {
        _timedOut = true;
        Kill();
    }, null, _timeout + TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

    /// <summary>Kills the shim and builds the failure (after the process is gone, so its stderr is complete).</summary>
    private AdapterFailure Fail(AdapterFailureCode code, string detail)
    {
        _failed = true;
        Kill();
        return new AdapterFailure(code, detail, StderrTail());
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Never started, or already reaped.
        }
    }

    private string ExitStatus()
    {
        if (_failed || !_process.WaitForExit(TimeSpan.FromSeconds(2)))
        {
            return "";
        }

        return $" (exit status {_process.ExitCode})";
    }

    /// <summary>
    /// The reader thread: lines (or the error that ended them, or the end) go to the queue. The queue holds at most
    /// 1,024 lines, so a flooding shim waits for the harness; with the 32 MiB line limit that bound is on lines, not
    /// bytes.
    /// </summary>
    private void ReadLines(Stream fromShim, int maxLineBytes)
    {
        try
        {
            while (JsonLines.Read(fromShim, maxLineBytes) is { } line)
            {
                if (!Offer(line))
                {
                    return;
                }
            }

            Offer("end");
        }
        catch (InvalidDataException bad)
        {
            Offer(bad);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Offer("end");
        }
    }

    /// <summary>Queues a line (waiting while the queue is full); false once the harness let go of this shim.</summary>
    private bool Offer(object item)
    {
        try
        {
            _lines.Add(item);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // CompleteAdding: the shim is being disposed
        }
    }

    private void AppendStderr(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.AppendLine(line);
            if (_stderr.Length > StderrTailChars)
            {
                _stderr.Remove(0, _stderr.Length - StderrTailChars);
            }
        }
    }
}
