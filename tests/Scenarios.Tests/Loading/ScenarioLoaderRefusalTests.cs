using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>Issue 14 §1: <c>create_group</c>'s <c>managers</c> and the <c>refused</c> expectation, read and refused as the format says.</summary>
public sealed class ScenarioLoaderRefusalTests
{
    private const string Group = "  - register: all\n  - create_group: { by: alice, name: g, members: [bob], managers: [bob] }\n";

    [Test]
    public void Managers_and_a_refused_expectation_are_read()
    {
        Scenario scenario = ParseSteps(Group + "  - expect: { refused: { at: bob/1, request: remove_members, code: request_conflict, count: 2 } }\n");

        CreateGroupStep create = scenario.Steps[1].Should().BeOfType<CreateGroupStep>().Which;
        create.Managers.Should().Equal("bob");
        scenario.Steps[2].Should().BeOfType<ExpectStep>().Which.Expectations.Should().Equal(new RefusedExpectation("bob/1", "remove_members", "request_conflict", 2));
    }

    [Test]
    public void A_refused_expectation_needs_only_its_device()
    {
        ParseSteps(Group + "  - expect: { refused: { at: all } }\n").Steps[2].Should().BeOfType<ExpectStep>()
            .Which.Expectations.Should().Equal(new RefusedExpectation("all", null, null));
    }

    [Test]
    public void A_create_group_without_managers_keeps_its_meaning()
    {
        ParseSteps("  - create_group: { by: alice, name: g, members: [bob] }\n").Steps[0].Should().BeOfType<CreateGroupStep>()
            .Which.Managers.Should().BeNull();
    }

    [TestCase("code: teapot", ScenarioFormatException.UnknownNameCode, 43)]
    [TestCase("request: send", ScenarioFormatException.UnknownNameCode, 46)]
    [TestCase("count: 0", ScenarioFormatException.BadValueCode, 44)]
    [TestCase("why: x", ScenarioFormatException.UnknownKeyCode, 37)]
    public void A_bad_refused_field_is_refused_at_its_position(string field, string code, int column)
    {
        ScenarioFormatException e = Fail(Header + "  - expect: { refused: { at: bob/1, " + field + " } }\n");

        e.Code.Should().Be(code);
        e.At.Line.Should().Be(6);
        e.At.Column.Should().Be(column);
    }

    [Test]
    public void A_manager_who_is_not_a_declared_user_is_refused()
    {
        ScenarioFormatException e = Fail(Header + "  - create_group: { by: alice, name: g, members: [bob], managers: [mallory] }\n");

        e.Code.Should().Be(ScenarioFormatException.UnknownNameCode);
        e.At.Should().Be(At(6, 68));
    }

    [Test]
    public void The_refusal_codes_are_the_refusing_response_codes_in_lowercase()
    {
        ScenarioLoader.RefusalCodes.Should().Contain(["forbidden", "request_conflict", "not_found", "bad_request", "payload_too_large", "custom_1000"]);
        ScenarioLoader.RefusalCodes.Should().NotContain(["ok", "created", "unspecified"]);
        ScenarioLoader.RefusalCodeOf(Engine.Wire.ResponseCode.RequestConflict).Should().Be("request_conflict");
    }
}
