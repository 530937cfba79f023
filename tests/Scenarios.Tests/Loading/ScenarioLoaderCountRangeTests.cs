using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// Issue 14 §1: counts in <c>state</c>, <c>server</c> and <c>error</c> are a number or a range (<c>at_least</c>,
/// <c>at_most</c>, <c>between</c>), and <c>by</c>-style names may be lists (each name one expectation).
/// </summary>
[TestFixture]
public sealed class ScenarioLoaderCountRangeTests
{
    private static IReadOnlyList<Expectation> Expectations(string expect) =>
        ParseSteps("  - send: { from: alice, to: bob, text: hi, as: m1 }\n  - expect: " + expect + "\n").Steps[1].Should().BeOfType<ExpectStep>().Which.Expectations;

    [Test]
    public void State_counters_are_numbers_or_ranges()
    {
        IReadOnlyList<Expectation> e = Expectations("{ state: { device: bob/1, sessions: 2, skipped_keys: { at_least: 3 }, one_time_pre_keys: { at_most: 5 }, groups: { between: [1, 4] } } }");

        e.Should().Equal(new StateExpectation("bob/1", Sessions: 2, SkippedKeys: CountRange.AtLeast(3), OneTimePreKeys: CountRange.AtMost(5), Groups: CountRange.Between(1, 4)));
    }

    [Test]
    public void Server_counts_are_numbers_or_ranges() =>
        Expectations("{ server: { pending_for: bob/1, count: { at_most: 0 }, one_time_pre_keys_of: alice, stock: { between: [10, 100] } } }")
            .Should().Equal(new ServerExpectation("bob/1", CountRange.AtMost(0), "alice", CountRange.Between(10, 100)));

    [Test]
    public void An_error_count_is_a_number_or_a_range()
    {
        IReadOnlyList<Expectation> e = Expectations("[ { error: { at: bob, code: bad_tag, count: 2 } }, { error: { at: bob, code: replay, count: { at_least: 0 } } } ]");

        e[0].Should().Be(new ErrorExpectation("bob", "bad_tag", null, 2));
        e[1].Should().Be(new ErrorExpectation("bob", "replay", null) { Range = CountRange.AtLeast(0) });
    }

    [TestCase("{ at_least: 1, at_most: 3 }", ScenarioFormatException.ConflictingKeysCode)]
    [TestCase("{ between: [3, 1] }", ScenarioFormatException.BadValueCode)]
    [TestCase("{ between: [1] }", ScenarioFormatException.BadValueCode)]
    [TestCase("{ between: 3 }", ScenarioFormatException.BadValueCode)]
    [TestCase("{ at_least: -1 }", ScenarioFormatException.BadValueCode)]
    [TestCase("{ at_least: 2147483648 }", ScenarioFormatException.BadValueCode)]
    [TestCase("{ exactly: 3 }", ScenarioFormatException.UnknownKeyCode)]
    [TestCase("{}", ScenarioFormatException.MissingKeyCode)]
    public void A_bad_range_is_refused_where_it_stands(string range, string code)
    {
        ScenarioFormatException e = Fail(Header + "  - expect: { state: { device: bob/1, skipped_keys: " + range + " } }\n");

        e.Code.Should().Be(code);
        e.At.Line.Should().Be(6);
    }

    [Test]
    public void By_lists_read_as_one_expectation_per_name()
    {
        IReadOnlyList<Expectation> e = Expectations("""
            [ { not_received: { by: [alice, bob/2], message: m1 } }, { no_errors: [alice, bob/1] }, { state: { device: [bob/1, bob/2], sessions: 1 } }, { tolerate: { at: [alice, bob], code: bad_tag, reason: r } }, { summary: [bob/1, all] } ]
            """);

        e.Should().BeEquivalentTo(
            new Expectation[]
            {
                new NotReceivedExpectation("alice", ["m1"]),
                new NotReceivedExpectation("bob/2", ["m1"]),
                new NoErrorsExpectation("alice"),
                new NoErrorsExpectation("bob/1"),
                new StateExpectation("bob/1", Sessions: 1),
                new StateExpectation("bob/2", Sessions: 1),
                new TolerateExpectation("alice", "bad_tag", "r"),
                new TolerateExpectation("bob", "bad_tag", "r"),
                new SummaryExpectation("bob/1"),
                new SummaryExpectation("all"),
            },
            o => o.WithStrictOrdering().RespectingRuntimeTypes());
    }

    [TestCase("{ received: { by: [], message: m1 } }", ScenarioFormatException.BadValueCode)]
    [TestCase("{ received: { by: [alice, carol], message: m1 } }", ScenarioFormatException.UnknownNameCode)]
    [TestCase("{ state: { device: [all], sessions: 1 } }", ScenarioFormatException.UnknownNameCode)]
    [TestCase("{ error: { at: [alice, bob], code: bad_tag } }", ScenarioFormatException.BadValueCode)]
    public void A_bad_by_list_is_refused(string expect, string code) =>
        Fail(Header + "  - send: { from: alice, to: bob, text: hi, as: m1 }\n  - expect: " + expect + "\n").Code.Should().Be(code);

    [Test]
    public void A_range_reads_in_failure_sentences()
    {
        CountRange.Exactly(7).Describe("sessions").Should().Be("sessions 7");
        CountRange.AtLeast(3).Describe("skipped_keys").Should().Be("at least 3 skipped_keys");
        CountRange.AtMost(2).Describe("skipped_keys").Should().Be("at most 2 skipped_keys");
        CountRange.Between(1, 4).Describe("groups").Should().Be("between 1 and 4 groups");
        CountRange.Between(1, 4).Contains(4).Should().BeTrue();
        CountRange.Between(1, 4).Contains(5).Should().BeFalse();
        CountRange.AtLeast(3).Contains(2).Should().BeFalse();
    }
}
