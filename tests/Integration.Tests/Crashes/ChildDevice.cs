using System.Diagnostics;
using System.Text;
using E2eeConformance.CrashHost;
using E2eeConformance.Engine.Wire;

namespace E2eeConformance.Integration.Tests.Crashes;

/// <summary>
/// A device running in a child process (<c>E2eeConformance.CrashHost</c>) on its SQLite file, driven over
/// stdin/stdout <see cref="Frames"/>: its requests are served by <see cref="Serve"/> (the test's in-memory server),
/// its events go to <see cref="OnEvent"/>. <see cref="KillPlan"/> says when to kill it with SIGKILL: at the n-th
/// request of a command, before the server sees it or after the server applied it but before the answer, or after a
/// delay while it works. A command answers false when the process died; start it again with <see cref="Start"/>.
/// </summary>
internal sealed class ChildDevice : IDisposable
{
    private static readonly TimeSpan Watchdog = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Stream _fromChild;
    private readonly Stream _toChild;
    private readonly StringBuilder _stderr = new();
    private readonly Lock _killGate = new();
    private bool _armed;
    private bool _killed;
    private bool _watchdogFired;

    private ChildDevice(Process process)
    {
        _process = process;
        _fromChild = process.StandardOutput.BaseStream;
        _toChild = process.StandardInput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>The device's address (from its ready frame).</summary>
    public E2eeAddress Address { get; private set; } = new();

    /// <summary>Serves one request of the device: the response bytes.</summary>
    public required Func<RequestFrame, byte[]> Serve { get; init; }

    /// <summary>Takes one event line of the device (<see cref="EventLine"/>).</summary>
    public required Action<string> OnEvent { get; init; }

    /// <summary>Decides the kills.</summary>
    public required KillPlan KillPlan { get; init; }

    /// <summary>
    /// Starts the device process on <paramref name="store"/> and waits until it is ready (registered on first start,
    /// restored after). False when it was killed while starting (its restore sends requests and raises events too).
    /// </summary>
    public static ChildDevice Start(string store, string suite, string domain, string user, string peer, Func<RequestFrame, byte[]> serve, Action<string> onEvent, KillPlan kills, out bool ready)
    {
        var info = new ProcessStartInfo(Adapter.AdapterProtocol.DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { HostAssembly(), store, suite, domain, user, peer })
        {
            info.ArgumentList.Add(argument);
        }

        var child = new ChildDevice(Process.Start(info) ?? throw new InvalidOperationException("the device process did not start"))
        {
            Serve = serve,
            OnEvent = onEvent,
            KillPlan = kills,
        };
        ready = child.Pump(out byte[] address);
        if (ready)
        {
            child.Address = E2eeAddress.Parser.ParseFrom(address);
        }

        return child;
    }

    /// <summary>Sends one command frame and serves the device until it is done; false when the process died meanwhile.</summary>
    public bool Run(byte kind, byte[] payload)
    {
        try
        {
            Frames.Write(_toChild, kind, payload);
        }
        catch (IOException)
        {
            return Died(); // it was not killed (the kill timers only fire during a command): fails with its stderr
        }

        return Pump(out _);
    }

    /// <summary>Asks the process to exit and waits for it.</summary>
    public void Quit()
    {
        Frames.Write(_toChild, Frames.Quit, []);
        _process.WaitForExit(Watchdog).Should().BeTrue("the device exits when told");
        _process.ExitCode.Should().Be(0, Stderr());
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    /// <summary>
    /// Serves requests and takes events until the device says done or ready (true) or its stream ends because it was
    /// killed (false). A fatal frame (e.g. a corrupt store) or an unexpected exit fails the test.
    /// </summary>
    private bool Pump(out byte[] ready)
    {
        ready = [];
        lock (_killGate)
        {
            _armed = true;
        }

        using var timer = new Timer(_ => Kill(watchdog: false), null, KillPlan.Arm(), Timeout.InfiniteTimeSpan);
        using var watchdog = new Timer(_ => Kill(watchdog: true), null, Watchdog, Timeout.InfiniteTimeSpan);
        while (true)
        {
            if (Frames.Read(_fromChild) is not (byte kind, byte[] payload))
            {
                return Died();
            }

            switch (kind)
            {
                case Frames.Request:
                    RequestFrame request = RequestFrame.Decode(payload);
                    if (KillPlan.BeforeServing())
                    {
                        Kill(watchdog: false);
                        return Died();
                    }

                    byte[] answer = Serve(request);
                    if (KillPlan.AfterServing())
                    {
                        Kill(watchdog: false);
                        return Died();
                    }

                    try
                    {
                        Frames.Write(_toChild, Frames.Answer, answer);
                    }
                    catch (IOException)
                    {
                        return Died();
                    }

                    break;
                case Frames.Event:
                    OnEvent(Encoding.UTF8.GetString(payload));
                    break;
                case Frames.Done:
                case Frames.Ready:
                    ready = payload;
                    return Finished();
                case Frames.Fatal:
                    Assert.Fail($"the device process gave up: {Encoding.UTF8.GetString(payload)}");
                    break;
                default:
                    Assert.Fail($"unexpected frame '{(char)kind}' from the device process");
                    break;
            }
        }
    }

    /// <summary>
    /// The device said done: the kill timers are disarmed. True unless a timer killed it just before (then the command
    /// counts as not done: the process is gone).
    /// </summary>
    private bool Finished()
    {
        lock (_killGate)
        {
            _armed = false;
            if (!_killed)
            {
                return true;
            }
        }

        return Died();
    }

    /// <summary>The stream ended: the process must have been killed by the plan (not crashed, not hung).</summary>
    private bool Died()
    {
        lock (_killGate)
        {
            _armed = false;
        }

        _process.WaitForExit(Watchdog).Should().BeTrue("a killed device process ends");
        _watchdogFired.Should().BeFalse($"the device process hung and was stopped by the watchdog; stderr: {Stderr()}");
        _killed.Should().BeTrue($"the device process ended without being killed (exit {_process.ExitCode}); stderr: {Stderr()}");
        return false;
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Unix), once, while a command is running.</summary>
    private void Kill(bool watchdog)
    {
        lock (_killGate)
        {
            if (!_armed || _killed)
            {
                return;
            }

            _killed = true;
            _watchdogFired = watchdog;
        }

        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }

    private static string HostAssembly() =>
        Path.Combine(AppContext.BaseDirectory, "E2eeConformance.CrashHost.dll");
}
