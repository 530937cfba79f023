using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Running;
using E2eeConformance.Scenarios.Running.Execution;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Tests.Running.Execution;

/// <summary>The shared parts of a run, each on its own: repeat variables, names, findings, the diagram, durations.</summary>
public sealed class RunPartsTests
{
    [Test]
    public void The_innermost_repeat_variable_fills_a_name_first()
    {
        var bindings = new RepeatBindings();
        bindings.Push("i", 1);
        bindings.Push("i", 2);
        bindings.Push("j", 3);

        bindings.Expand("m{i}-{j}").Should().Be("m2-3");
        bindings.Pop();
        bindings.Pop();
        bindings.Expand("m{i}-{j}").Should().Be("m1-{j}");
    }

    [Test]
    public void A_selector_has_its_messages_recipient_and_sender_filled_in_but_not_its_kind()
    {
        var bindings = new RepeatBindings();
        bindings.Push("n", 4);

        MessageSelector bound = bindings.Expand(new MessageSelector(["m{n}"], "bob/{n}", "one2one", "alice/{n}"));

        bound.Messages.Should().Equal("m4");
        bound.To.Should().Be("bob/4");
        bound.From.Should().Be("alice/4");
        bound.Kind.Should().Be("one2one");
    }

    [TestCase(0, 0, 0, 0, "0s")]
    [TestCase(0, 0, 0, 30, "30s")]
    [TestCase(1, 2, 0, 0, "1d2h")]
    [TestCase(7, 0, 5, 9, "7d5m9s")]
    public void A_duration_reads_without_its_zero_parts(int days, int hours, int minutes, int seconds, string expected) =>
        SpanText.Format(new TimeSpan(days, hours, minutes, seconds)).Should().Be(expected);

    [Test]
    public void A_user_stands_for_its_devices_and_all_for_every_registered_device()
    {
        RunRoster roster = Roster(out _);
        Register(roster, "alice", "1");
        Register(roster, "alice", "2");
        Register(roster, "bob", "1");

        roster.DevicesOf("alice").Should().Equal("alice/1", "alice/2");
        roster.DevicesOf("all").Should().Equal("alice/1", "alice/2", "bob/1");
        roster.DeviceNamed("bob").Name.Should().Be("bob/1", "a user's name stands for its first device");
        roster.NameOf(Addresses.User("d", "alice", "2")).Should().Be("alice/2");
        roster.NameOf("carol/1@d").Should().Be("carol/1@d", "an unknown address is shown as it is");
    }

    [Test]
    public void An_unknown_name_fails_with_the_names_there_are()
    {
        RunRoster roster = Roster(out _);
        Register(roster, "alice", "1");

        Action act = () => roster.DevicesOf("carol");

        act.Should().Throw<ScenarioFailure>().WithMessage("expected a user or a registered device, found \"carol\" (users: alice, bob; devices: alice/1)");
    }

    [Test]
    public void A_group_is_found_with_or_without_its_prefix_and_named_by_its_address()
    {
        RunRoster roster = Roster(out RepeatBindings bindings);
        var address = new Engine.Wire.E2eeAddress { Domain = "d", Group = new Engine.Wire.PeerGroup { GroupId = "g-1" } };
        roster.Add(new SimGroup("team", address, ["alice"]));
        bindings.Push("k", 1);

        roster.GroupNamed("group:team").Should().BeSameAs(roster.GroupNamed("team"));
        roster.NameOf(address).Should().Be("group:team");
        ((Action)(() => roster.GroupNamed("crew{k}"))).Should().Throw<ScenarioFailure>().WithMessage("expected a group created earlier, found \"crew1\" (groups: team)");
    }

    [Test]
    public void An_error_a_tolerate_covers_is_claimed_as_it_comes_and_others_are_not()
    {
        var findings = new RunFindings();
        findings.Tolerate(["bob/1"], "bad_tag");

        findings.AddError(new RecordedError("bob/1", "bad_tag", "m1", "one2one m1 alice/1 -> bob/1", "", 3));
        findings.AddError(new RecordedError("bob/1", "replay", "m1", "one2one m1 alice/1 -> bob/1", "", 4));
        findings.AddError(new RecordedError("carol/1", "bad_tag", "m2", "a step", "", 5));

        findings.Errors.Select(e => e.Claimed).Should().Equal(true, false, false);
        findings.ErrorsFor("bob/1", "m1").Should().Be("; it reported bad_tag, replay");
        findings.ErrorsFor("bob/1", "m2").Should().BeEmpty();
    }

    [Test]
    public void A_request_is_labelled_with_its_message_name_only_once_the_ledger_knows_it()
    {
        var diagram = new RunDiagram();
        var ledger = new MessageLedger();
        diagram.Request("alice/1", "send_one2one_msg", "id-1");
        int arrow = diagram.Add(new DiagramEvent(DiagramEventKind.Delivery, "server", "bob/1", "one2one", ""));
        diagram.SetOutcome(arrow, "received");
        diagram.Request("alice/1", "send_one2one_msg", "id-unknown");

        ledger.Add(new SentMessage("m1", "hello there"u8.ToArray(), "alice/1", "bob", new HashSet<string> { "bob/1" }, 1));
        ledger.OnEncrypted("alice/1", "bob/1", "hello there"u8.ToArray(), "id-1").Should().Be("m1");

        diagram.Final(ledger).Select(e => $"{e.Label}|{e.Outcome}").Should().Equal("send_one2one_msg m1|", "one2one|received", "send_one2one_msg|");
    }

    private static RunRoster Roster(out RepeatBindings bindings)
    {
        bindings = new RepeatBindings();
        return new RunRoster([new UserSpec("alice", 2), new UserSpec("bob", 1)], bindings);
    }

    private static void Register(RunRoster roster, string user, string id)
    {
        var device = new SimDevice($"{user}/{id}", user, id, new InMemoryDeviceStateStore(), new ReferenceStreamRandom(user + id));
        roster.Add(device, Addresses.User("d", user, id));
    }
}
