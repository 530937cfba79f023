using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Families;

/// <summary>Issue 16: the room-key family's words are read, and what no named family runs is refused where it stands.</summary>
public sealed class RoomKeysLoaderTests
{
    private const string RoomKeys = "name: t\nprotocol: room-keys\nusers:\n  alice: 1\n  bob: 1\nsteps:\n  - register: all\n";

    [Test]
    public void Room_key_settings_are_read()
    {
        Parse(RoomKeys.Replace("protocol: room-keys\n", "protocol: room-keys\nroom_keys: { replace_after: 2h }\n", StringComparison.Ordinal)).RoomKeys
            .Should().Be(new RoomKeySettings(TimeSpan.FromHours(2), null));
    }

    [TestCase("room_keys: { replace_after: 0s }", ScenarioFormatException.BadValueCode, 3, 29)]
    [TestCase("room_keys: { replace_after: soon }", ScenarioFormatException.BadValueCode, 3, 29)]
    [TestCase("room_keys: { rsa_bits: 1024 }", ScenarioFormatException.BadValueCode, 3, 24)]
    [TestCase("room_keys: { rsa_bits: 2049 }", ScenarioFormatException.BadValueCode, 3, 24)]
    [TestCase("room_keys: { bits: 2048 }", ScenarioFormatException.UnknownKeyCode, 3, 14)]
    [TestCase("room_keys: {}", ScenarioFormatException.MissingKeyCode, 3, 12)]
    public void Bad_room_key_settings_are_refused_where_they_stand(string line, string code, int row, int column)
    {
        ScenarioFormatException e = Fail(RoomKeys.Replace("protocol: room-keys\n", "protocol: room-keys\n" + line + "\n", StringComparison.Ordinal));
        e.Code.Should().Be(code);
        e.At.Should().Be(new SourceSpan(FileName, row, column));
    }

    [Test]
    public void Room_key_settings_need_the_family()
    {
        ScenarioFormatException e = Fail("name: t\nroom_keys: { rsa_bits: 3072 }\nusers: { alice: 1 }\nsteps:\n  - register: all\n");
        e.Code.Should().Be(ScenarioFormatException.NotInProtocolCode);
        e.At.Should().Be(new SourceSpan(FileName, 2, 12));
    }

    [TestCase("users:\n  alice: 2\n  bob: 1\n", "user alice: a user of room keys has one device")]
    [TestCase("store: sqlite\nusers:\n  alice: 1\n  bob: 1\n", "store: sqlite is an e2ee-security store")]
    public void Settings_the_family_cannot_run_are_refused(string settings, string why)
    {
        ScenarioFormatException e = Fail(RoomKeys.Replace("users:\n  alice: 1\n  bob: 1\n", settings, StringComparison.Ordinal));
        e.Code.Should().Be(ScenarioFormatException.NotInProtocolCode);
        e.Found.Should().Contain(why);
    }

    [TestCase("  - add_device: alice", "a user of room keys has one device")]
    [TestCase("  - send: { from: alice, to: bob, text: hi, as: d1 }", "room keys have rooms only")]
    [TestCase("  - server: down", "server: down has no meaning in room-keys")]
    [TestCase("  - server: { withhold: { message: g1 } }", "server: withhold has no meaning in room-keys")]
    [TestCase("  - create_group: { by: alice, name: h, members: [bob], managers: [bob] }", "one owner")]
    [TestCase("  - expect: { event: { at: alice, kind: heartbeat } }", "the event kind heartbeat has no meaning in room-keys")]
    [TestCase("  - expect: { state: { device: alice/1, sessions: 0 } }", "room keys count groups, group_members and room_key_generation only")]
    [TestCase("  - expect: { error: { at: alice/1, code: retired_key_id } }", "the error code retired_key_id is not one room-keys reports")]
    [TestCase("  - tamper: { message: g1, to: bob/1, field: sequence }", "the field sequence is not one room-keys can tamper with")]
    [TestCase("  - deliver: { kind: sender_key }", "the message kind sender_key is not one of room-keys")]
    [TestCase("  - chaos: { deliveries: 5 }", "the step chaos has no meaning in room-keys")]
    public void A_step_the_room_key_family_cannot_run_is_refused_where_it_stands(string step, string why)
    {
        ScenarioFormatException e = Fail(RoomKeys + "  - create_group: { by: alice, name: g, members: [bob] }\n  - send: { from: alice, to: \"group:g\", text: hi, as: g1 }\n" + step + "\n");
        e.Code.Should().Be(ScenarioFormatException.NotInProtocolCode);
        e.At.Line.Should().Be(10);
        e.Found.Should().Contain(why);
        e.Expected.Should().Be("what the room-keys family runs");
    }

    [TestCase("  - request_join: { who: bob, group: g }", "the step request_join belongs to the room-keys family")]
    [TestCase("  - approve_join: { by: alice, who: bob, group: g }", "the step approve_join belongs to the room-keys family")]
    [TestCase("  - set_e2ee: { by: alice, group: g, on: false }", "the step set_e2ee belongs to the room-keys family")]
    [TestCase("  - send: { from: alice, to: bob, text: hi, as: m2, encrypt: false }", "send: { encrypt }")]
    [TestCase("  - create_group: { by: alice, name: h, members: [bob], e2ee: false }", "create_group: { e2ee }")]
    [TestCase("  - expect: { state: { device: alice/1, group: g, room_key_generation: 1 } }", "state: { room_key_generation }")]
    [TestCase("  - expect: { event: { at: alice, kind: join_requested } }", "the event kind join_requested")]
    [TestCase("  - deliver: { kind: replacement }", "the message kind replacement is not one of e2ee-security")]
    [TestCase("  - expect: { error: { at: alice/1, code: bad_room_key } }", "the error code bad_room_key is not one e2ee-security reports")]
    public void A_room_key_word_in_an_e2ee_security_scenario_is_refused(string step, string why)
    {
        ScenarioFormatException e = Fail(Header + "  - register: all\n  - create_group: { by: alice, name: g, members: [bob] }\n  - send: { from: alice, to: bob, text: hi, as: m1 }\n" + step + "\n");
        e.Code.Should().Be(ScenarioFormatException.NotInProtocolCode);
        e.At.Line.Should().Be(9);
        e.Found.Should().Contain(why);
    }

    [TestCase("  - request_join: { who: bob, group: g }", "the step request_join has no meaning in sender-keys")]
    [TestCase("  - send: { from: alice, to: \"group:g\", text: x, as: m2, encrypt: true }", "send: { encrypt } (the per-message choice) belongs to the room-keys family")]
    [TestCase("  - expect: { event: { at: alice, kind: plaintext_in_e2ee_group } }", "the expectation event has no meaning in sender-keys")]
    public void A_room_key_word_in_a_sender_keys_scenario_is_refused(string step, string why)
    {
        ScenarioFormatException e = Fail(RoomKeys.Replace("room-keys", "sender-keys", StringComparison.Ordinal) + "  - create_group: { by: alice, name: g, members: [bob] }\n" + step + "\n");
        e.Code.Should().Be(ScenarioFormatException.NotInProtocolCode);
        e.Found.Should().Contain(why);
    }

    [Test]
    public void Approve_join_names_a_declared_user_and_set_e2ee_wants_a_boolean()
    {
        Fail(RoomKeys + "  - create_group: { by: alice, name: g, members: [] }\n  - approve_join: { by: alice, who: zed, group: g }\n").Code.Should().Be(ScenarioFormatException.UnknownNameCode);
        Fail(RoomKeys + "  - create_group: { by: alice, name: g, members: [] }\n  - set_e2ee: { by: alice, group: g, on: maybe }\n").Code.Should().Be(ScenarioFormatException.BadValueCode);
        Fail(RoomKeys + "  - request_join: { who: bob, group: nowhere }\n").Code.Should().Be(ScenarioFormatException.UnknownNameCode);
    }
}
