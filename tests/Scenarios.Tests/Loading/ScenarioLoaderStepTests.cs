using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// Single steps read into their records: message selectors, chaos settings, repeats and the names they define, the
/// delivery order, and durations.
/// </summary>
[TestFixture]
public sealed class ScenarioLoaderStepTests
{
    [Test]
    public void A_selector_may_name_the_sender_or_the_server()
    {
        Scenario s = ParseSteps("""
              - hold: { kind: one2one, from: bob/2, to: alice }
              - drop: { kind: supply_opks, from: server }
            """);
        ShouldEqual(
            s.Steps,
            new HoldStep(new MessageSelector([], "alice", "one2one", "bob/2")) { At = At(6) },
            new DropStep(new MessageSelector([], null, "supply_opks", "server")) { At = At(7) });
    }

    [TestCase("chaos: { drop: 1.5 }", "the probability of dropping a delivery (a number from 0 to 1, e.g. 0.1)")]
    [TestCase("chaos: { duplicate: \"0.1\" }", "the probability of duplicating a delivery (a number from 0 to 1, e.g. 0.1)")]
    [TestCase("chaos: { reorder: maybe }", "whether deliveries may come in any order (not only in order per device) (true or false)")]
    public void Chaos_settings_are_checked(string step, string expected)
    {
        ScenarioFormatException e = Fail(Header + "  - " + step + "\n");
        e.Code.Should().Be(ScenarioFormatException.BadValueCode);
        e.At.Line.Should().Be(6);
        e.Expected.Should().Be(expected);
    }

    [Test]
    public void Messages_named_in_a_repeat_are_known_after_it_for_each_value_of_the_variable()
    {
        Scenario s = ParseSteps("""
              - repeat: 5
                steps:
                  - send: { from: alice, to: bob, text: "burst {i}", as: "b{i}" }
                  - deliver: { message: "b{i}" }
              - expect: { received: { by: bob, messages: [b1, b5] } }
            """);

        var repeat = s.Steps[0].Should().BeOfType<RepeatStep>().Subject;
        repeat.Times.Should().Be(5);
        repeat.Variable.Should().Be("i");
        repeat.Body.Should().HaveCount(2);
        s.Steps[1].Should().BeOfType<ExpectStep>();

        Fail(Header + """
              - repeat: 5
                steps:
                  - send: { from: alice, to: bob, text: "burst {i}", as: "b{i}" }
              - expect: { received: { by: bob, message: b6 } }
            """).Code.Should().Be(ScenarioFormatException.UnknownNameCode);
    }

    [Test]
    public void Deliver_order_excludes_shuffle_and_message_lists()
    {
        const string send = "  - send: { from: alice, to: bob, text: hi, as: m1 }\n";
        Fail(Header + send + "  - deliver: { order: [m1], shuffle: true }\n").Code.Should().Be(ScenarioFormatException.ConflictingKeysCode);
        Fail(Header + send + "  - deliver: { messages: [m1], order: [m1] }\n").Code.Should().Be(ScenarioFormatException.ConflictingKeysCode);
        ParseSteps(send + "  - deliver: { order: [m1], shuffle: false }\n").Steps[1]
            .Should().BeEquivalentTo(new DeliverStep(new MessageSelector(["m1"]), false, ["m1"], false) { At = At(7) });
    }

    [TestCase("8d", 8 * 24 * 60 * 60 * 1000L)]
    [TestCase("36h", 36 * 60 * 60 * 1000L)]
    [TestCase("90m", 90 * 60 * 1000L)]
    [TestCase("30s", 30 * 1000L)]
    [TestCase("500ms", 500L)]
    [TestCase("1d12h", 36 * 60 * 60 * 1000L)]
    [TestCase("1h30m15s250ms", ((((60 + 30) * 60) + 15) * 1000L) + 250)]
    [TestCase("2m500ms", (2 * 60 * 1000L) + 500)]
    public void Durations_parse_to_time_spans(string text, long milliseconds)
    {
        ScenarioLoader.TryParseDuration(text, out TimeSpan d).Should().BeTrue();
        d.Should().Be(TimeSpan.FromMilliseconds(milliseconds));

        ParseSteps($"  - advance_clock: {text}\n").Steps[0].Should().Be(new AdvanceClockStep(d) { At = At(6) });
    }

    [TestCase("")]
    [TestCase("8")]
    [TestCase("8x")]
    [TestCase("h")]
    [TestCase("12h1d")]
    [TestCase("1.5h")]
    [TestCase("-1d")]
    [TestCase(" 1d")]
    [TestCase("99999999999999999999d")]
    [TestCase("9999999999999d")]
    public void Bad_durations_are_refused(string text) =>
        ScenarioLoader.TryParseDuration(text, out _).Should().BeFalse();

    [Test]
    public void A_bad_duration_in_a_step_names_the_formats()
    {
        var e = Fail(Header + "  - advance_clock: 8x\n");
        ShouldBe(e, ScenarioFormatException.BadValueCode, 6, 20, "a duration like 8d, 36h, 90m, 30s, 500ms or 1d12h", "\"8x\"");
    }
}
