using System.Text.Json;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Tests.Loading;

[TestFixture]
public sealed class ScenarioLoaderTests
{
    private const string File = "test.yaml";

    /// <summary>Users alice (1 device) and bob (2 devices); the steps list starts on line 6, its items at column 5.</summary>
    private const string Header = """
        name: t
        users:
          alice: 1
          bob: 2
        steps:

        """;

    /// <summary>Every step and expectation keyword, with its line (the item's keyword is at column 5).</summary>
    private const string FullExample = """
        # every keyword of the format
        name: full-example
        description: Every step and expectation keyword.
        tags: [one-to-one, group]
        suites: [suite-a, suite-b]
        seed: 18446744073709551615
        store: sqlite
        server: { one_time_pre_key_refill_threshold: 5 }
        disabled: "not yet"
        users:
          alice: { devices: 1, one_time_pre_keys: 20 }
          bob: 2
          carol: {}
        steps:
          - register: [alice, bob]
          - register: carol
          - add_device: { user: bob, as: bob/3 }
          - add_device: carol
          - send: { from: alice, to: bob, text: "hello", as: m1 }
          - send: { from: bob/1, to: alice, size: 100, as: m2 }
          - deliver: all
          - deliver: { to: bob/1, kind: one2one, shuffle: true }
          - deliver: { message: m1 }
          - hold: m1
          - release: all
          - drop: { message: m1, to: bob/2 }
          - duplicate: { messages: [m1, m2], kind: one2one }
          - delay: { message: m2, to: alice, steps: 2 }
          - replay: { message: m1, to: bob/1 }
          - tamper: { message: m1, to: bob/2, field: ciphertext, byte: 3 }
          - compromise: { device: bob/1, as: eve }
          - restart: bob/2
          - advance_clock: 1d12h
          - create_group: { by: alice, name: g1, members: [bob, carol] }
          - add_members: { by: alice, group: g1, users: [carol] }
          - remove_members: { by: alice, group: g1, users: [carol] }
          - leave: { who: bob/2, group: g1 }
          - add_group_device: { by: alice, group: g1, device: bob/3 }
          - send: { from: alice, to: "group:g1", text: "hi group", as: gm1 }
          - repeat: 3
            var: k
            steps:
              - send: { from: alice, to: bob, text: "burst {k}", as: "b{k}" }
          - deliver: { to: bob/1, order: [b3, b2, b1] }
          - run_until_quiet
          - run_until_quiet: {}
          - expect:
              received: { by: bob, messages: [m1, b1], text: hello }
              not_received: { by: carol, message: m1 }
          - expect:
              - error: { at: bob/2, code: bad_tag, message: m1, count: 2 }
              - no_errors: all
          - expect: { adversary_decrypts: { state: eve, message: m1 } }
          - expect: { adversary_cannot_decrypt: { state: eve, message: b3 } }
          - expect: { state: { device: bob/1, sessions: 1, skipped_keys: 0, one_time_pre_keys: 99, signed_pre_key_id: 2, groups: 1, group: g1, group_members: 3 } }
          - expect: { server: { pending_for: bob/2, count: 0, one_time_pre_keys_of: alice, stock: 20 } }
          - expect: { summary: alice/1 }
          - chaos: { deliveries: 50, drop: 0.25, duplicate: 0.1, reorder: true }
          - chaos:
          - expect: { tolerate: { at: bob/1, code: bad_tag, reason: "depends on the seed" } }

        """;

    private static SourceSpan At(int line, int column = 5) => new(File, line, column);

    private static Scenario Parse(string yaml) => ScenarioLoader.Parse(yaml, File);

    private static Scenario ParseSteps(string steps) => Parse(Header + steps);

    private static ScenarioFormatException Fail(string yaml)
    {
        Action parse = () => ScenarioLoader.Parse(yaml, File);
        return parse.Should().Throw<ScenarioFormatException>().Which;
    }

    private static void ShouldBe(ScenarioFormatException e, string code, int line, int column, string expected, string found)
    {
        e.Code.Should().Be(code);
        e.At.Should().Be(new SourceSpan(File, line, column));
        e.Expected.Should().Be(expected);
        e.Found.Should().Be(found);
        e.Message.Should().Be($"{File}:{line}:{column}: expected {expected}, found {found}");
    }

    private static void ShouldEqual(IReadOnlyList<Step> actual, params Step[] expected) =>
        actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering().RespectingRuntimeTypes());

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
    public void Full_example_parses_every_keyword_into_its_record()
    {
        Scenario s = Parse(FullExample);

        s.Name.Should().Be("full-example");
        s.Description.Should().Be("Every step and expectation keyword.");
        s.Tags.Should().Equal("one-to-one", "group");
        s.Suites.Should().Equal("suite-a", "suite-b");
        s.Seed.Should().Be(ulong.MaxValue);
        s.Store.Should().Be(StoreKind.Sqlite);
        s.Server.Should().Be(new ServerSettings(5));
        s.Disabled.Should().Be("not yet");
        s.Source.Should().Be(new SourceSpan(File, 2, 1));
        s.Users.Should().Equal(new UserSpec("alice", 1, 20), new UserSpec("bob", 2), new UserSpec("carol", 1));

        ShouldEqual(
            s.Steps,
            new RegisterStep(["alice", "bob"]) { At = At(15) },
            new RegisterStep(["carol"]) { At = At(16) },
            new AddDeviceStep("bob", "bob/3") { At = At(17) },
            new AddDeviceStep("carol", null) { At = At(18) },
            new SendStep("alice", "bob", "hello", null, "m1") { At = At(19) },
            new SendStep("bob/1", "alice", null, 100, "m2") { At = At(20) },
            new DeliverStep(MessageSelector.All, true, [], false) { At = At(21) },
            new DeliverStep(new MessageSelector([], "bob/1", "one2one"), false, [], true) { At = At(22) },
            new DeliverStep(new MessageSelector(["m1"]), false, [], false) { At = At(23) },
            new HoldStep(new MessageSelector(["m1"])) { At = At(24) },
            new ReleaseStep(MessageSelector.All) { At = At(25) },
            new DropStep(new MessageSelector(["m1"], "bob/2")) { At = At(26) },
            new DuplicateStep(new MessageSelector(["m1", "m2"], null, "one2one")) { At = At(27) },
            new DelayStep(new MessageSelector(["m2"], "alice"), 2) { At = At(28) },
            new ReplayStep("m1", "bob/1") { At = At(29) },
            new TamperStep("m1", "bob/2", "ciphertext", 3) { At = At(30) },
            new CompromiseStep("bob/1", "eve") { At = At(31) },
            new RestartStep("bob/2") { At = At(32) },
            new AdvanceClockStep(TimeSpan.FromHours(36)) { At = At(33) },
            new CreateGroupStep("alice", "g1", ["bob", "carol"]) { At = At(34) },
            new AddMembersStep("alice", "g1", ["carol"]) { At = At(35) },
            new RemoveMembersStep("alice", "g1", ["carol"]) { At = At(36) },
            new LeaveStep("bob/2", "g1") { At = At(37) },
            new AddGroupDeviceStep("alice", "g1", "bob/3") { At = At(38) },
            new SendStep("alice", "group:g1", "hi group", null, "gm1") { At = At(39) },
            new RepeatStep(3, "k", [new SendStep("alice", "bob", "burst {k}", null, "b{k}") { At = At(43, 9) }]) { At = At(40) },
            new DeliverStep(new MessageSelector(["b3", "b2", "b1"], "bob/1"), false, ["b3", "b2", "b1"], false) { At = At(44) },
            new RunUntilQuietStep { At = At(45) },
            new RunUntilQuietStep { At = At(46) },
            new ExpectStep(
            [
                new ReceivedExpectation("bob", ["m1", "b1"], "hello"),
                new NotReceivedExpectation("carol", ["m1"]),
            ]) { At = At(47) },
            new ExpectStep([new ErrorExpectation("bob/2", "bad_tag", "m1", 2), new NoErrorsExpectation("all")]) { At = At(50) },
            new ExpectStep([new AdversaryExpectation("eve", "m1", CanDecrypt: true)]) { At = At(53) },
            new ExpectStep([new AdversaryExpectation("eve", "b3", CanDecrypt: false)]) { At = At(54) },
            new ExpectStep([new StateExpectation("bob/1", 1, 0, 99, 2, 1, "g1", 3)]) { At = At(55) },
            new ExpectStep([new ServerExpectation("bob/2", 0, "alice", 20)]) { At = At(56) },
            new ExpectStep([new SummaryExpectation("alice/1")]) { At = At(57) },
            new ChaosStep(50, 0.25, 0.1, true) { At = At(58) },
            new ChaosStep(ChaosStep.DefaultDeliveries, 0, 0, false) { At = At(59) },
            new ExpectStep([new TolerateExpectation("bob/1", "bad_tag", "depends on the seed")]) { At = At(60) });
    }

    [Test]
    public void Full_example_uses_every_step_and_expectation_keyword()
    {
        Scenario s = Parse(FullExample);
        var steps = Flatten(s.Steps).ToList();
        steps.Select(step => step.Keyword).Distinct().Should().BeEquivalentTo(ScenarioLoader.StepKeywords);
        steps.OfType<ExpectStep>().SelectMany(e => e.Expectations).Select(e => e.Keyword).Distinct()
            .Should().BeEquivalentTo(ScenarioLoader.ExpectationKeywords);

        static IEnumerable<Step> Flatten(IEnumerable<Step> steps) =>
            steps.SelectMany(step => step is RepeatStep r ? Flatten(r.Body).Prepend(step) : [step]);
    }

    [Test]
    public void Defaults_apply_when_optional_keys_are_absent()
    {
        Scenario s = Parse("name: t\nusers: { alice: 1 }\nsteps: []\n");

        s.Description.Should().BeEmpty();
        s.Tags.Should().BeEmpty();
        s.Suites.Should().BeEmpty();
        s.Seed.Should().BeNull();
        s.Store.Should().Be(StoreKind.Auto);
        s.Server.Should().Be(new ServerSettings());
        s.Disabled.Should().BeNull();
        s.Steps.Should().BeEmpty();
    }

    [Test]
    public void Shorthands_mean_their_long_forms()
    {
        Scenario s = Parse("""
            name: shorthands
            suites: all
            users:
              bob: 2
              alice: { devices: 1 }
            steps:
              - register: all
              - register: alice
              - add_device: bob
              - send: { from: alice, to: bob, text: "", as: m1 }
              - deliver: all
              - hold: m1
              - release: { message: m1 }
              - drop: all
              - duplicate: { to: bob }
              - run_until_quiet
              - run_until_quiet: true
              - run_until_quiet:
              - expect: { received: { by: bob, message: m1 } }
              - create_group: { by: alice, name: g1, members: all }
              - expect: { received: { by: all, message: m1 }, not_received: { by: all, message: m1 }, error: { at: all, code: replay } }
            """);

        s.Suites.Should().BeEmpty();
        s.Users.Should().Equal(new UserSpec("bob", 2), new UserSpec("alice", 1));
        ShouldEqual(
            s.Steps,
            new RegisterStep(["bob", "alice"]) { At = At(7) },
            new RegisterStep(["alice"]) { At = At(8) },
            new AddDeviceStep("bob", null) { At = At(9) },
            new SendStep("alice", "bob", "", null, "m1") { At = At(10) },
            new DeliverStep(MessageSelector.All, true, [], false) { At = At(11) },
            new HoldStep(new MessageSelector(["m1"])) { At = At(12) },
            new ReleaseStep(new MessageSelector(["m1"])) { At = At(13) },
            new DropStep(MessageSelector.All) { At = At(14) },
            new DuplicateStep(new MessageSelector([], "bob")) { At = At(15) },
            new RunUntilQuietStep { At = At(16) },
            new RunUntilQuietStep { At = At(17) },
            new RunUntilQuietStep { At = At(18) },
            new ExpectStep([new ReceivedExpectation("bob", ["m1"], null)]) { At = At(19) },
            new CreateGroupStep("alice", "g1", ["all"]) { At = At(20) },
            new ExpectStep(
            [
                new ReceivedExpectation("all", ["m1"], null),
                new NotReceivedExpectation("all", ["m1"]),
                new ErrorExpectation("all", "replay", null),
            ]) { At = At(21) });
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

    [Test]
    public void Syntax_error_bad_indentation_has_yamls_position()
    {
        var e = Fail("""
            name: t
            users:
              alice: 1
               bob: 2
            steps: []
            """);

        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.At.Line.Should().Be(4);
        e.At.Column.Should().Be(7);
        e.Expected.Should().Be("well-formed YAML (consistent indentation, closed quotes and brackets)");
        e.Found.Should().StartWith("\": 2\" (");
        e.InnerException.Should().BeAssignableTo<YamlDotNet.Core.YamlException>();
    }

    [Test]
    public void Syntax_error_unclosed_bracket_names_where_the_list_was_opened()
    {
        var e = Fail(Header + """
              - register: [alice, bob
              - deliver: all
            """);

        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.At.Line.Should().Be(7);
        e.Expected.Should().Be("',' or ']' in the list opened with '[' at line 6, column 15");
        e.Found.Should().StartWith("\"- deliver: all\"");
    }

    [Test]
    public void Syntax_error_unclosed_bracket_at_the_end_of_the_file()
    {
        var e = Fail(Header + "  - register: [alice, bob\n");

        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.Expected.Should().Be("',' or ']' in the list opened with '[' at line 6, column 15");
        e.Found.Should().StartWith("the end of the file");
    }

    [Test]
    public void Syntax_error_unclosed_brace()
    {
        var e = Fail(Header + "  - send: { from: alice, to: bob, text: hi, as: m1\n  - deliver: all\n");

        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.At.Line.Should().Be(7);
        e.Expected.Should().Be("',' or '}' in the mapping opened with '{' at line 6, column 11");
    }

    [Test]
    public void Syntax_error_unclosed_quote_points_at_the_opening_quote()
    {
        var e = Fail(Header + "  - send: { from: alice, to: bob, text: \"hi, as: m1 }\n");

        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.At.Should().Be(new SourceSpan(File, 6, 41));
        e.Expected.Should().Be("a closing quote for the text that starts here");
        e.Found.Should().StartWith("\"\\\"hi, as: m1 }\" (");
    }

    [Test]
    public void Syntax_error_tab_indentation_is_reported_on_its_line()
    {
        var e = Fail(Header + "\t- deliver: all\n");

        e.Code.Should().Be(ScenarioFormatException.SyntaxCode);
        e.At.Line.Should().Be(6);
        e.Found.Should().Contain("tab");
    }

    [Test]
    public void The_format_sketchs_example_parses()
    {
        Scenario s = Parse("""
            name: burst-reordered                     # unique; used in reports and snapshot file names
            description: Alice sends a burst; Bob's devices receive it in reverse order; all decrypt.
            tags: [one-to-one, out-of-order]
            suites: all                               # or a list of suite names / pack ids; default all applicable
            seed: 42                                  # optional; --seed overrides

            users:
              alice: { devices: 1 }
              bob:   { devices: 2 }                   # devices are bob/1, bob/2; "bob" means all of them

            steps:
              - register: [alice, bob]
              - send: { from: alice, to: bob, text: "hello", as: m1 }
              - deliver: all                          # everything pending, in server order
              - expect: { received: { by: bob, message: m1 } }

              - repeat: 5                             # {i} is 1..5 inside
                steps:
                  - send: { from: alice, to: bob, text: "burst {i}", as: "b{i}" }
              - deliver: { to: bob/1, order: [b5, b4, b3, b2, b1] }
              - deliver: { to: bob/2, shuffle: true } # order drawn from the seed
              - expect: { received: { by: bob, messages: [b1, b2, b3, b4, b5] } }
              - expect: { state: { device: bob/1, skipped_keys: 0 } }
            """);

        s.Seed.Should().Be(42UL);
        s.Steps.Should().HaveCount(9);
        s.Steps[4].Should().BeOfType<RepeatStep>().Which.At.Should().Be(At(17));
        s.Steps[8].Should().BeEquivalentTo(new ExpectStep([new StateExpectation("bob/1", SkippedKeys: 0)]) { At = At(23) }, o => o.RespectingRuntimeTypes());
    }

    [Test]
    public void A_key_written_twice_is_a_duplicate_name()
    {
        var e = Fail("""
            name: t
            users:
              alice: 1
              alice: 2
            steps: []
            """);

        ShouldBe(e, ScenarioFormatException.DuplicateNameCode, 4, 3, "each key at most once in a mapping", "\"alice\" a second time");
    }

    [Test]
    public void Unknown_key_lists_the_allowed_keys()
    {
        var e = Fail(Header + "  - send: { from: alice, to: bob, txt: hi, as: m1 }\n");

        ShouldBe(e, ScenarioFormatException.UnknownKeyCode, 6, 35, "one of the keys of send: from, to, text, size, as", "key \"txt\"");
    }

    [Test]
    public void Unknown_top_level_key_lists_the_top_level_keys()
    {
        var e = Fail("name: t\nusers: { alice: 1 }\nstep: []\n");

        ShouldBe(
            e,
            ScenarioFormatException.UnknownKeyCode,
            3,
            1,
            "one of the keys of the scenario: name, description, tags, suites, seed, store, server, disabled, users, steps",
            "key \"step\"");
    }

    [Test]
    public void Unknown_step_keyword_lists_the_step_keywords()
    {
        var e = Fail(Header + "  - sned: { from: alice }\n");

        ShouldBe(
            e,
            ScenarioFormatException.UnknownKeyCode,
            6,
            5,
            $"a step keyword ({string.Join(", ", ScenarioLoader.StepKeywords)})",
            "key \"sned\"");
    }

    [Test]
    public void Wrong_type_of_a_step_item()
    {
        var e = Fail(Header + "  - deliver all\n");

        ShouldBe(
            e,
            ScenarioFormatException.BadValueCode,
            6,
            5,
            $"a mapping with one step keyword ({string.Join(", ", ScenarioLoader.StepKeywords)})",
            "\"deliver all\"");
        e.Expected.Should().StartWith("a mapping with one step keyword (register, add_device, restart,");
    }

    [Test]
    public void A_step_keyword_without_its_value()
    {
        var e = Fail(Header + "  - deliver\n");

        e.Code.Should().Be(ScenarioFormatException.BadValueCode);
        e.Found.Should().Be("\"deliver\" without a value");
    }

    [Test]
    public void Wrong_type_of_a_step_value()
    {
        var e = Fail(Header + "  - send: [alice, bob]\n");

        ShouldBe(e, ScenarioFormatException.BadValueCode, 6, 11, "a mapping (from, to, text, size, as) for send", "a list");
    }

    [Test]
    public void Two_step_keywords_in_one_item_conflict()
    {
        var e = Fail(Header + "  - deliver: all\n    hold: all\n");

        ShouldBe(e, ScenarioFormatException.ConflictingKeysCode, 7, 5, "one step keyword per list item (start the next step with '- ')", "\"hold\" after \"deliver\"");
    }

    [Test]
    public void Missing_as_of_a_send()
    {
        var e = Fail(Header + "  - send: { from: alice, to: bob, text: hi }\n");

        ShouldBe(
            e,
            ScenarioFormatException.MissingKeyCode,
            6,
            11,
            "'as:' (a name for the message, used by later steps) in send",
            "send with only from, to, text");
    }

    [Test]
    public void Both_text_and_size()
    {
        var e = Fail(Header + "  - send: { from: alice, to: bob, text: hi, size: 10, as: m1 }\n");

        ShouldBe(e, ScenarioFormatException.ConflictingKeysCode, 6, 45, "either 'text' or 'size' in send, not both", "both 'text' and 'size'");
    }

    [Test]
    public void Neither_text_nor_size()
    {
        var e = Fail(Header + "  - send: { from: alice, to: bob, as: m1 }\n");

        ShouldBe(e, ScenarioFormatException.MissingKeyCode, 6, 11, "'text:' or 'size:' (the message content) in send", "send with only from, to, as");
    }

    [Test]
    public void Unknown_user()
    {
        var e = Fail(Header + "  - send: { from: carol, to: bob, text: hi, as: m1 }\n");

        ShouldBe(
            e,
            ScenarioFormatException.UnknownNameCode,
            6,
            19,
            "the sending device: a user or device (alice, alice/1, bob, bob/1, bob/2)",
            "\"carol\"");
    }

    [Test]
    public void Device_numbers_beyond_the_users_devices_are_unknown_unless_a_device_was_added()
    {
        Fail(Header + "  - restart: bob/3\n").Code.Should().Be(ScenarioFormatException.UnknownNameCode);
        Fail(Header + "  - restart: bob/0\n").Code.Should().Be(ScenarioFormatException.UnknownNameCode);
        Fail(Header + "  - restart: all\n").Code.Should().Be(ScenarioFormatException.UnknownNameCode);
        ParseSteps("  - add_device: bob\n  - restart: bob/3\n").Steps[1].Should().Be(new RestartStep("bob/3") { At = At(7) });
    }

    [Test]
    public void Send_to_a_device_is_refused()
    {
        var e = Fail(Header + "  - send: { from: alice, to: bob/1, text: hi, as: m1 }\n");

        ShouldBe(e, ScenarioFormatException.UnknownNameCode, 6, 30, "a user (alice, bob) or group:NAME", "\"bob/1\"");
    }

    [Test]
    public void Unknown_group()
    {
        var e = Fail(Header + """
              - create_group: { by: alice, name: g1, members: [bob] }
              - send: { from: alice, to: "group:g2", text: hi, as: m1 }
            """);

        ShouldBe(e, ScenarioFormatException.UnknownNameCode, 7, 30, "a group defined by the 'name' of an earlier create_group (g1)", "\"g2\"");
    }

    [Test]
    public void Unknown_message()
    {
        var e = Fail(Header + """
              - send: { from: alice, to: bob, text: hi, as: m1 }
              - expect: { received: { by: bob, messages: [m1, m2] } }
            """);

        ShouldBe(e, ScenarioFormatException.UnknownNameCode, 7, 51, "a message defined by the 'as' of an earlier send (m1)", "\"m2\"");
    }

    [Test]
    public void A_message_is_unknown_before_its_send()
    {
        var e = Fail(Header + """
              - hold: m1
              - send: { from: alice, to: bob, text: hi, as: m1 }
            """);

        ShouldBe(e, ScenarioFormatException.UnknownNameCode, 6, 11, "a message defined by the 'as' of an earlier send (none so far)", "\"m1\"");
    }

    [Test]
    public void Unknown_error_code()
    {
        var e = Fail(Header + "  - expect: { error: { at: bob/1, code: bad_mac } }\n");

        e.Code.Should().Be(ScenarioFormatException.UnknownNameCode);
        e.At.Should().Be(new SourceSpan(File, 6, 41));
        e.Expected.Should().StartWith("a protocol error code (malformed_message, missing_field, ");
        e.Expected.Should().Contain("bad_tag").And.Contain("replay");
        e.Found.Should().Be("\"bad_mac\"");
    }

    [Test]
    public void Duplicate_message_name()
    {
        var e = Fail(Header + """
              - send: { from: alice, to: bob, text: hi, as: m1 }
              - send: { from: bob, to: alice, text: hi, as: m1 }
            """);

        ShouldBe(e, ScenarioFormatException.DuplicateNameCode, 7, 49, "a message name not used before", "\"m1\", already named at line 6, column 49");
    }

    [Test]
    public void A_message_name_in_a_repeat_must_contain_the_variable()
    {
        var e = Fail(Header + """
              - repeat: 3
                steps:
                  - send: { from: alice, to: bob, text: hi, as: m }
            """);

        ShouldBe(e, ScenarioFormatException.DuplicateNameCode, 8, 53, "a message name containing {i} (the repeat at line 6 runs 3 times)", "\"m\"");
    }

    [Test]
    public void A_templated_name_that_collides_with_an_earlier_name_is_a_duplicate()
    {
        var e = Fail(Header + """
              - send: { from: alice, to: bob, text: hi, as: b2 }
              - repeat: 3
                steps:
                  - send: { from: alice, to: bob, text: hi, as: "b{i}" }
            """);

        e.Code.Should().Be(ScenarioFormatException.DuplicateNameCode);
        e.Found.Should().Be("\"b{i}\" (b2), already named at line 6, column 49");
    }

    [Test]
    public void A_variable_outside_its_repeat_is_unknown()
    {
        var e = Fail(Header + "  - send: { from: alice, to: bob, text: hi, as: \"m{i}\" }\n");

        ShouldBe(e, ScenarioFormatException.UnknownNameCode, 6, 49, "a variable of an enclosing repeat (none outside a repeat)", "{i} in \"m{i}\"");
    }

    [Test]
    public void Bad_values_are_reported_where_they_are()
    {
        ShouldBe(
            Fail("name: t\nusers:\n  alice: 0\nsteps: []\n"),
            ScenarioFormatException.BadValueCode,
            3,
            10,
            "a number of devices or { devices, one_time_pre_keys } (an integer ≥ 1)",
            "0");
        ShouldBe(
            Fail("name: t\nusers:\n  Alice: 1\nsteps: []\n"),
            ScenarioFormatException.BadValueCode,
            3,
            3,
            "a user name of lowercase letters, digits, '_' and '-'",
            "\"Alice\"");
        ShouldBe(
            Fail("name: t\nseed: \"42\"\nusers: { alice: 1 }\nsteps: []\n"),
            ScenarioFormatException.BadValueCode,
            2,
            7,
            "a seed (an integer from 0 to 18446744073709551615)",
            "\"42\"");
        ShouldBe(
            Fail("name: t\nstore: disk\nusers: { alice: 1 }\nsteps: []\n"),
            ScenarioFormatException.BadValueCode,
            2,
            8,
            "a store: auto, memory or sqlite",
            "\"disk\"");
        ShouldBe(
            Fail(Header + "  - send: { from: alice, to: bob, size: \"10\", as: m1 }\n"),
            ScenarioFormatException.BadValueCode,
            6,
            41,
            "a size in bytes (an integer ≥ 0)",
            "\"10\" in quotes (a string)");
        ShouldBe(
            Fail(Header + "  - send: { from: alice, to: bob, text: hi, as: m1 }\n  - tamper: { message: m1, to: bob/1, field: mac }\n"),
            ScenarioFormatException.BadValueCode,
            7,
            46,
            "a field (ciphertext, session_id, sequence, ratchet_key, signature, from, msg_id, payload)",
            "\"mac\"");
    }

    [Test]
    public void Missing_required_top_level_keys()
    {
        ShouldBe(
            Fail("users: { alice: 1 }\nsteps: []\n"),
            ScenarioFormatException.MissingKeyCode,
            1,
            1,
            "'name:' (the scenario's name) in the scenario",
            "the scenario with only users, steps");
        ShouldBe(Fail(""), ScenarioFormatException.MissingKeyCode, 1, 1, "a scenario: a mapping with name, users and steps", "an empty file");
        ShouldBe(Fail("- a\n- b\n"), ScenarioFormatException.BadValueCode, 1, 1, "a scenario: a mapping with name, users and steps", "a list");
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

    [Test]
    public void Expectations_check_their_own_keys()
    {
        const string send = "  - send: { from: alice, to: bob, text: hi, as: m1 }\n";
        var unknown = Fail(Header + send + "  - expect: { recieved: { by: bob, message: m1 } }\n");
        unknown.Code.Should().Be(ScenarioFormatException.UnknownKeyCode);
        unknown.At.Should().Be(new SourceSpan(File, 7, 15));
        unknown.Expected.Should().Be($"an expectation keyword ({string.Join(", ", ScenarioLoader.ExpectationKeywords)})");

        Fail(Header + send + "  - expect: { state: { device: bob/1 } }\n").Code.Should().Be(ScenarioFormatException.MissingKeyCode);
        Fail(Header + send + "  - expect: { state: { device: bob/1, group_members: 2 } }\n").Code.Should().Be(ScenarioFormatException.MissingKeyCode);
        Fail(Header + send + "  - expect: { adversary_decrypts: { state: eve, message: m1 } }\n").Code.Should().Be(ScenarioFormatException.UnknownNameCode);
        Fail(Header + send + "  - expect: []\n").Code.Should().Be(ScenarioFormatException.BadValueCode);
    }

    [Test]
    public void Load_file_names_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), "scenario-loader-" + Guid.NewGuid().ToString("N") + ".yaml");
        try
        {
            System.IO.File.WriteAllText(path, Header + "  - register: all\n");
            Scenario s = ScenarioLoader.LoadFile(path);
            s.Source.Should().Be(new SourceSpan(path, 1, 1));
            s.Steps[0].At.Should().Be(new SourceSpan(path, 6, 5));

            System.IO.File.WriteAllText(path, Header + "  - register: carol\n");
            Action load = () => ScenarioLoader.LoadFile(path);
            load.Should().Throw<ScenarioFormatException>().Which.Message.Should().StartWith(path + ":6:15: expected ");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Test]
    public void Schema_describes_every_step_and_expectation_keyword()
    {
        using JsonDocument schema = JsonDocument.Parse(System.IO.File.ReadAllText(SchemaPath()));
        JsonElement root = schema.RootElement;
        root.GetProperty("$schema").GetString().Should().Be("https://json-schema.org/draft/2020-12/schema");
        root.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
        root.GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Equal(ScenarioLoader.TopLevelKeys);

        JsonElement defs = root.GetProperty("$defs");
        var stepRefs = defs.GetProperty("step").GetProperty("oneOf").EnumerateArray().Select(r => r.GetProperty("$ref").GetString()).ToList();
        foreach (string keyword in ScenarioLoader.StepKeywords)
        {
            stepRefs.Should().Contain($"#/$defs/{keyword}", "the step list of the schema must offer {0}", keyword);
            defs.TryGetProperty(keyword, out JsonElement def).Should().BeTrue("the schema must define step {0}", keyword);
            def.GetRawText().Should().Contain($"\"{keyword}\"");
        }

        stepRefs.Should().HaveCount(ScenarioLoader.StepKeywords.Count);
        defs.GetProperty("expectations").GetProperty("properties").EnumerateObject().Select(p => p.Name)
            .Should().Equal(ScenarioLoader.ExpectationKeywords);
        defs.GetProperty("errorCode").GetProperty("enum").EnumerateArray().Select(c => c.GetString())
            .Should().Equal(ScenarioLoader.ErrorCodes);
        defs.GetProperty("kind").GetProperty("enum").EnumerateArray().Select(c => c.GetString())
            .Should().Equal(ScenarioLoader.MessageKinds);
        defs.GetProperty("tamper").GetProperty("properties").GetProperty("tamper").GetProperty("properties").GetProperty("field")
            .GetProperty("enum").EnumerateArray().Select(c => c.GetString()).Should().Equal(ScenarioLoader.TamperFields);
    }

    private static string SchemaPath()
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "Schema", "scenario.schema.json");
        if (System.IO.File.Exists(copied))
        {
            return copied;
        }

        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !System.IO.File.Exists(Path.Combine(dir, "E2eeConformance.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        dir.Should().NotBeNull("the tests run inside the repository");
        return Path.Combine(dir!, "src", "Scenarios", "Schema", "scenario.schema.json");
    }
}
