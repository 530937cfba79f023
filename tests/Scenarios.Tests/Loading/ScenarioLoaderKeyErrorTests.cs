using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// Keys and values the format does not allow: unknown keys (listing the allowed ones), values of the wrong type,
/// missing and conflicting keys, and bad values, each reported where it is.
/// </summary>
[TestFixture]
public sealed class ScenarioLoaderKeyErrorTests
{
    [Test]
    public void Unknown_key_lists_the_allowed_keys()
    {
        var e = Fail(Header + "  - send: { from: alice, to: bob, txt: hi, as: m1 }\n");

        ShouldBe(e, ScenarioFormatException.UnknownKeyCode, 6, 35, "one of the keys of send: from, to, text, size, as, encrypt, parents", "key \"txt\"");
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
            "one of the keys of the scenario: name, description, tags, protocol, suites, seed, store, server, sender_keys, room_keys, disabled, users, steps",
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

        ShouldBe(e, ScenarioFormatException.BadValueCode, 6, 11, "a mapping (from, to, text, size, as, encrypt, parents) for send", "a list");
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
    public void Bad_values_are_reported_where_they_are()
    {
        ShouldBe(
            Fail("name: t\nusers:\n  alice: 0\nsteps: []\n"),
            ScenarioFormatException.BadValueCode,
            3,
            10,
            "a number of devices (1 to 64) or { devices, one_time_pre_keys }",
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
            "a size in bytes (0 to 1048576)",
            "\"10\" in quotes (a string)");
        ShouldBe(
            Fail(Header + "  - send: { from: alice, to: bob, text: hi, as: m1 }\n  - tamper: { message: m1, to: bob/1, field: mac }\n"),
            ScenarioFormatException.BadValueCode,
            7,
            46,
            "a field (ciphertext, session_id, sequence, ratchet_key, signature, from, msg_id, key_id)",
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
    public void Expectations_check_their_own_keys()
    {
        const string send = "  - send: { from: alice, to: bob, text: hi, as: m1 }\n";
        var unknown = Fail(Header + send + "  - expect: { recieved: { by: bob, message: m1 } }\n");
        unknown.Code.Should().Be(ScenarioFormatException.UnknownKeyCode);
        unknown.At.Should().Be(new SourceSpan(FileName, 7, 15));
        unknown.Expected.Should().Be($"an expectation keyword ({string.Join(", ", ScenarioLoader.ExpectationKeywords)})");

        Fail(Header + send + "  - expect: { state: { device: bob/1 } }\n").Code.Should().Be(ScenarioFormatException.MissingKeyCode);
        Fail(Header + send + "  - expect: { state: { device: bob/1, group_members: 2 } }\n").Code.Should().Be(ScenarioFormatException.MissingKeyCode);
        Fail(Header + send + "  - expect: { adversary_decrypts: { state: eve, message: m1 } }\n").Code.Should().Be(ScenarioFormatException.UnknownNameCode);
        Fail(Header + send + "  - expect: []\n").Code.Should().Be(ScenarioFormatException.BadValueCode);
    }
}
