using System.Diagnostics;
using E2eeConformance.Adapter.Tests.Support;

namespace E2eeConformance.Adapter.Tests;

/// <summary>
/// The harness against a shim that misbehaves (tests/HostileShim): each way ends in its typed report —
/// <c>adapter_timeout</c>, <c>adapter_crashed</c>, <c>adapter_protocol_error</c> — with the shim's standard error, the
/// shim killed, and the harness neither hanging (every wait has a deadline, here 2 s) nor crashing.
/// </summary>
public sealed class HostileShimTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [TestCase("hang-hello", AdapterFailureCode.Timeout, "the handshake")]
    [TestCase("bad-hello", AdapterFailureCode.ProtocolError, "protocol 2")]
    public void A_shim_that_fails_the_handshake_is_reported(string mode, AdapterFailureCode expected, string detail)
    {
        using var world = new ShimWorld();
        var clock = Stopwatch.StartNew();

        AdapterFailure failure = FluentActions.Invoking(() => world.Start("h/1", ShimWorld.HostileShim, [mode], Timeout))
            .Should().Throw<AdapterFailure>().Which;

        failure.Code.Should().Be(expected);
        failure.Message.Should().Contain(detail);
        failure.StderrTail.Should().Contain($"hostile shim: {mode}");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "no wait is without end");
    }

    [TestCase("hang-command", AdapterFailureCode.Timeout, "was not answered within 2 s")]
    [TestCase("crash", AdapterFailureCode.Crashed, "exit status 3")]
    [TestCase("garbage", AdapterFailureCode.ProtocolError, "not JSON")]
    [TestCase("wrong-id", AdapterFailureCode.ProtocolError, "an answer to command 101")]
    [TestCase("flood", AdapterFailureCode.Timeout, "was not answered")]
    [TestCase("long-line", AdapterFailureCode.ProtocolError, "a line longer than 1048576 bytes")]
    [TestCase("response", AdapterFailureCode.ProtocolError, "a message of type 'response'")]
    [TestCase("duplicate-key", AdapterFailureCode.ProtocolError, "a repeated key")]
    [TestCase("bad-utf8", AdapterFailureCode.ProtocolError, "not UTF-8")]
    public void A_shim_that_misbehaves_on_a_command_is_reported_and_killed(string mode, AdapterFailureCode expected, string detail)
    {
        using var world = new ShimWorld();
        ShimProcess shim = world.Start("h/1", ShimWorld.HostileShim, [mode], Timeout, maxLineBytes: 1024 * 1024);
        var clock = Stopwatch.StartNew();

        AdapterFailure failure = FluentActions.Invoking(() => world.Run(shim, "h/1", "tick"))
            .Should().Throw<AdapterFailure>().Which;

        failure.Code.Should().Be(expected);
        failure.Name.Should().Be(AdapterFailure.NameOf(expected));
        failure.Message.Should().Contain(detail);
        failure.StderrTail.Should().Contain($"hostile shim: {mode}");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "no wait is without end");
    }

    [Test]
    public void A_shim_that_stops_reading_its_input_is_reported_as_timed_out_while_the_harness_writes_to_it()
    {
        using var world = new ShimWorld();
        ShimProcess shim = world.Start("h/1", ShimWorld.HostileShim, ["not-reading"], Timeout);
        var clock = Stopwatch.StartNew();

        AdapterFailure failure = FluentActions.Invoking(() => shim.Command("tick", world.NowMs, null, (_, _, _) => new byte[4 * 1024 * 1024], _ => { }))
            .Should().Throw<AdapterFailure>().Which;

        failure.Code.Should().Be(AdapterFailureCode.Timeout, failure.Message);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "a blocked write does not outlive the deadline");
    }

    [Test]
    public void A_shim_that_cannot_be_started_is_reported_as_crashed()
    {
        AdapterFailure failure = FluentActions.Invoking(() => ShimProcess.Start("/nonexistent/shim", [], Path.GetTempPath(), Timeout))
            .Should().Throw<AdapterFailure>().Which;

        failure.Code.Should().Be(AdapterFailureCode.Crashed);
    }
}
