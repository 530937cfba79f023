using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// Names a step refers to (users, devices, groups, messages, error codes, repeat variables) must be defined before use,
/// and a message name may be defined only once.
/// </summary>
[TestFixture]
public sealed class ScenarioLoaderNameErrorTests
{
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
        e.At.Should().Be(new SourceSpan(FileName, 6, 41));
        e.Expected.Should().StartWith("a protocol error code (malformed_message, missing_field, ");
        e.Expected.Should().Contain("bad_tag").And.Contain("replay").And.Contain("request_refused");
        e.Found.Should().Be("\"bad_mac\"");
    }

    [Test]
    public void A_refused_request_can_be_claimed_and_tolerated()
    {
        Scenario s = ParseSteps("  - expect: { error: { at: bob/1, code: request_refused } }\n  - expect: { tolerate: { at: bob, code: request_refused, reason: removed } }\n");

        s.Steps.Should().HaveCount(2);
        Fail(Header + "  - expect: { error: { at: bob/1, code: Request_Refused } }\n").Code.Should().Be(ScenarioFormatException.UnknownNameCode);
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
}
