using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace E2eeConformance.Scenarios.Tests.Reports.Browser;

/// <summary>
/// One headless Chromium with one page, driven over the DevTools protocol (a WebSocket, JSON messages): navigate,
/// evaluate JavaScript, and every console message, uncaught exception and log entry the page produced.
/// The browser is started with its own temporary profile and ended (with its child processes) on dispose.
/// </summary>
internal sealed partial class DevToolsPage : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _browser;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentQueue<JsonObject> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private DevToolsPage(Process browser, string profile)
    {
        _browser = browser;
        _profile = profile;
    }

    /// <summary>Every console call, uncaught exception and log entry so far, as "kind: text".</summary>
    public IReadOnlyList<string> Problems =>
        [.. _events.Select(Problem).OfType<string>()];

    /// <summary>Starts the browser (window <paramref name="width"/>×<paramref name="height"/>) and opens its page's connection.</summary>
    public static async Task<DevToolsPage> Start(string executable, int width, int height)
    {
        string profile = Path.Combine(Path.GetTempPath(), $"e2ee-chromium-{Guid.NewGuid():N}");
        Directory.CreateDirectory(profile);
        ProcessStartInfo start = new(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--hide-scrollbars", "--remote-debugging-port=0", $"--user-data-dir={profile}",
            string.Create(CultureInfo.InvariantCulture, $"--window-size={width},{height}"), "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process browser = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        DevToolsPage page = new(browser, profile);
        try
        {
            browser.BeginOutputReadLine();
            Uri endpoint = await page.Endpoint().WaitAsync(Timeout);
            await page.Connect(endpoint, width, height);
            return page;
        }
        catch
        {
            await page.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits for its load event.</summary>
    public async Task Navigate(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        await Send("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri });
        Stopwatch watch = Stopwatch.StartNew();
        while (!_events.Any(e => (string?)e["method"] == "Page.loadEventFired"))
        {
            if (watch.Elapsed > Timeout)
            {
                throw new TimeoutException($"{url} did not finish loading in {Timeout.TotalSeconds} s");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its JSON value (an exception in it fails).</summary>
    public async Task<JsonNode?> Evaluate(string expression)
    {
        JsonObject result = await Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"the expression threw: {exception.ToJsonString()}");
        }

        return result["result"]?["value"]?.DeepClone();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException)
            {
                // The browser is ended below anyway.
            }
        }

        try
        {
            await _receiving.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException)
        {
            // Nothing more to read.
        }

        if (!_browser.HasExited)
        {
            _browser.Kill(entireProcessTree: true);
            await _browser.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _browser.Dispose();
        _socket.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A browser helper may still hold a file for a moment; the temporary directory is left behind then.
        }
    }

    private static string? Problem(JsonObject e) => (string?)e["method"] switch
    {
        "Runtime.consoleAPICalled" => $"console.{e["params"]?["type"]}: {e["params"]?["args"]?.ToJsonString()}",
        "Runtime.exceptionThrown" => $"exception: {e["params"]?["exceptionDetails"]?.ToJsonString()}",
        "Log.entryAdded" => $"log {e["params"]?["entry"]?["level"]} ({e["params"]?["entry"]?["source"]}): {e["params"]?["entry"]?["text"]}",
        _ => null,
    };

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex ListeningLine();

    /// <summary>The browser-wide WebSocket address Chromium prints on stderr once it listens.</summary>
    private async Task<Uri> Endpoint()
    {
        while (await _browser.StandardError.ReadLineAsync() is { } line)
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                _ = DrainStandardError();
                return new Uri(match.Groups[1].Value);
            }
        }

        throw new InvalidOperationException("Chromium ended before it listened for DevTools connections");
    }

    private async Task DrainStandardError()
    {
        while (await _browser.StandardError.ReadLineAsync() is not null)
        {
        }
    }

    private async Task Connect(Uri browserEndpoint, int width, int height)
    {
        using HttpClient http = new() { Timeout = Timeout };
        Uri list = new($"http://{browserEndpoint.Authority}/json/list");
        JsonArray targets = JsonNode.Parse(await http.GetStringAsync(list))!.AsArray();
        string pageEndpoint = targets.Select(t => t!.AsObject()).First(t => (string?)t["type"] == "page")["webSocketDebuggerUrl"]!.GetValue<string>();
        await _socket.ConnectAsync(new Uri(pageEndpoint), _stop.Token).WaitAsync(Timeout);
        _receiving = Receive();
        await Send("Page.enable");
        await Send("Runtime.enable");
        await Send("Log.enable");
        await Send("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
    }

    private async Task<JsonObject> Send(string method, JsonObject? parameters = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        TaskCompletionSource<JsonObject> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        JsonObject message = new() { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        JsonObject reply = await answer.Task.WaitAsync(Timeout);
        return reply["error"] is { } error
            ? throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}")
            : reply["result"]?.AsObject() ?? [];
    }

    private async Task Receive()
    {
        byte[] buffer = new byte[64 * 1024];
        using MemoryStream message = new();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult part = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (part.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, part.Count);
            if (!part.EndOfMessage)
            {
                continue;
            }

            JsonObject received = JsonNode.Parse(message.ToArray())!.AsObject();
            message.SetLength(0);
            if (received["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out TaskCompletionSource<JsonObject>? answer))
            {
                answer.SetResult(received);
            }
            else
            {
                _events.Enqueue(received);
            }
        }
    }
}
