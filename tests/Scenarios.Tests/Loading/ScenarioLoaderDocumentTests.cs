using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// Whole scenario documents: every keyword of the format parsed into its record, the defaults of optional keys, the
/// shorthands and their long forms, the format sketch's example, and loading from a file.
/// </summary>
[TestFixture]
public sealed class ScenarioLoaderDocumentTests
{
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
          - add_user: { user: dave, devices: 2 }
          - offline: dave/2
          - online: dave
          - server: { withhold: { message: m1, to: bob } }
          - server: { partition: [[alice], [bob, carol/1]] }
          - server: heal
          - server: { substitute_bundle: { of: bob, with: carol/1 } }
          - server: { reuse_one_time_pre_key: bob/1 }
          - server: { strip_one_time_pre_keys: alice }
          - server: honest
          - compromise: { device: bob/2, as: eve2, observes: true }
          - expect: { identity_matches: { by: alice, of: bob } }
          - expect: { identity_differs: { by: alice/1, of: bob/2 } }
          - rewrite: { message: m1, to: bob/1, set: { e2ee_msg.one2one_msg.sequence: 7, e2ee_msg.msg_id: random, e2ee_msg.session_id: { from: m2 } } }
          - replay: { kind: accept, from: bob, to: alice/1, nth: 2 }
          - tamper: { kind: invite, to: bob/1, field: session_id }
          - expect: { refused: { at: alice, request: leave, code: request_conflict } }
          - server: { fake_heartbeat: { to: all, time: +30d } }
          - server: { forge_user_update: { to: alice, of: bob, name: Robert } }
          - server: { intercept: { of: bob/1, by: carol/1 } }
          - expect: { event: { at: alice/1, kind: user_updated, of: bob, name: Robert, count: 1 } }
          - rewrite: { message: m1, to: bob/1, reencrypt: { by: eve2, text: "pay mallory" }, as: m1f }

        """;

    /// <summary>The room-key family's own steps (no other family runs them, so they cannot share the example above).</summary>
    private const string RoomKeysExample = """
        name: room-keys-example
        protocol: room-keys
        room_keys: { replace_after: 90m, rsa_bits: 3072 }
        users: { alice: 1, bob: 1 }
        steps:
          - register: all
          - create_group: { by: alice, name: g, members: [], e2ee: false }
          - request_join: { who: bob, group: g }
          - approve_join: { by: alice, who: bob, group: g }
          - set_e2ee: { by: alice, group: g, on: true }
          - send: { from: bob, to: "group:g", text: "in the clear", as: m1, encrypt: false }
          - expect:
              state: { device: bob/1, group: g, room_key_generation: 2 }
              event: { at: alice, kind: plaintext_in_e2ee_group, of: bob }

        """;

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
        s.Source.Should().Be(new SourceSpan(FileName, 2, 1));
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
            new ExpectStep([new TolerateExpectation("bob/1", "bad_tag", "depends on the seed")]) { At = At(60) },
            new AddUserStep("dave", 2) { At = At(61) },
            new OfflineStep("dave/2") { At = At(62) },
            new OnlineStep("dave") { At = At(63) },
            new ServerStep(new WithholdAction(new MessageSelector(["m1"], "bob"))) { At = At(64) },
            new ServerStep(new PartitionAction([["alice"], ["bob", "carol/1"]])) { At = At(65) },
            new ServerStep(new HealAction()) { At = At(66) },
            new ServerStep(new SubstituteBundleAction("bob", "carol/1")) { At = At(67) },
            new ServerStep(new ReuseOneTimePreKeyAction("bob/1")) { At = At(68) },
            new ServerStep(new StripOneTimePreKeysAction("alice")) { At = At(69) },
            new ServerStep(new HonestAction()) { At = At(70) },
            new CompromiseStep("bob/2", "eve2") { Observes = true, At = At(71) },
            new ExpectStep([new IdentityExpectation("alice", "bob", Matches: true)]) { At = At(72) },
            new ExpectStep([new IdentityExpectation("alice/1", "bob/2", Matches: false)]) { At = At(73) },
            new RewriteStep("m1", "bob/1", [new FieldRewrite("e2ee_msg.one2one_msg.sequence", "7"), new FieldRewrite("e2ee_msg.msg_id", null, Random: true), new FieldRewrite("e2ee_msg.session_id", null, From: "m2")]) { At = At(74) },
            new ReplayStep("", "alice/1") { Pick = new ProtocolPick("accept", "bob", 2), At = At(75) },
            new TamperStep("", "bob/1", "session_id", null) { Pick = new ProtocolPick("invite", null, 1), At = At(76) },
            new ExpectStep([new RefusedExpectation("alice", "leave", "request_conflict")]) { At = At(77) },
            new ServerStep(new FakeHeartbeatAction("all", HeartbeatTime.By(TimeSpan.FromDays(30)))) { At = At(78) },
            new ServerStep(new ForgeUserUpdateAction("alice", "bob", "Robert")) { At = At(79) },
            new ServerStep(new InterceptAction("bob/1", "carol/1")) { At = At(80) },
            new ExpectStep([new EventExpectation("alice/1", "user_updated", "bob", "Robert", 1)]) { At = At(81) },
            new RewriteStep("m1", "bob/1", []) { Reencrypt = new Reencryption("eve2", "pay mallory", null), As = "m1f", At = At(82) });
    }

    [Test]
    public void Full_example_uses_every_step_and_expectation_keyword()
    {
        Scenario s = Parse(FullExample);
        var steps = Flatten(s.Steps).Concat(Parse(RoomKeysExample).Steps).Concat(Parse(MpencExample).Steps).ToList();
        steps.Select(step => step.Keyword).Distinct().Should().BeEquivalentTo(ScenarioLoader.StepKeywords);
        steps.OfType<ExpectStep>().SelectMany(e => e.Expectations).Select(e => e.Keyword).Distinct()
            .Should().BeEquivalentTo(ScenarioLoader.ExpectationKeywords);

        static IEnumerable<Step> Flatten(IEnumerable<Step> steps) =>
            steps.SelectMany(step => step is RepeatStep r ? Flatten(r.Body).Prepend(step) : [step]);
    }

    /// <summary>The mpENC family's own words.</summary>
    private const string MpencExample = """
        name: mpenc-example
        protocol: mpenc
        users: { alice: 1, bob: 1 }
        steps:
          - register: all
          - create_group: { by: alice, name: g, members: [bob] }
          - refresh_key: { by: bob, group: g }
          - send: { from: bob, to: "group:g", text: "claims", as: m1, parents: [invented] }
          - expect:
              event: { at: alice, kind: unacked, of: bob }

        """;

    [Test]
    public void Mpenc_example_parses_its_words_into_their_records()
    {
        Scenario s = Parse(MpencExample);

        s.Protocols.Should().Equal("mpenc");
        s.Steps[2].Should().Be(new RefreshKeyStep("bob", "g") { At = s.Steps[2].At });
        s.Steps[3].Should().BeOfType<SendStep>().Which.Parents.Should().Equal("invented");
        s.Steps[4].Should().BeOfType<ExpectStep>().Which.Expectations.OfType<EventExpectation>().Single().Should().Be(new EventExpectation("alice", "unacked", "bob"));
    }

    [Test]
    public void Room_keys_example_parses_its_words_into_their_records()
    {
        Scenario s = Parse(RoomKeysExample);

        s.Protocols.Should().Equal("room-keys");
        s.RoomKeys.Should().Be(new RoomKeySettings(TimeSpan.FromMinutes(90), 3072));
        s.Steps[1].Should().BeOfType<CreateGroupStep>().Which.E2ee.Should().BeFalse();
        s.Steps[2].Should().Be(new RequestJoinStep("bob", "g") { At = s.Steps[2].At });
        s.Steps[3].Should().Be(new ApproveJoinStep("alice", "bob", "g") { At = s.Steps[3].At });
        s.Steps[4].Should().Be(new SetE2eeStep("alice", "g", true) { At = s.Steps[4].At });
        s.Steps[5].Should().BeOfType<SendStep>().Which.Encrypt.Should().BeFalse();
        var expect = s.Steps[6].Should().BeOfType<ExpectStep>().Subject;
        expect.Expectations.OfType<StateExpectation>().Single().RoomKeyGeneration.Should().Be(2);
        expect.Expectations.OfType<EventExpectation>().Single().Should().Be(new EventExpectation("alice", "plaintext_in_e2ee_group", "bob"));
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
}
