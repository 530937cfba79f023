using CsCheck;
using E2eeConformance.Scenarios.Loading;
using E2eeConformance.Scenarios.Model;
using static E2eeConformance.Scenarios.Tests.Loading.ScenarioLoaderInput;

namespace E2eeConformance.Scenarios.Tests.Loading;

/// <summary>
/// Issue 14 §2: every numeric field of the format gets hostile values — huge, negative, fractional, NaN, infinities,
/// hex, quoted, empty — and the loader (what <c>check</c> runs) either refuses the file with a typed
/// <see cref="ScenarioFormatException"/> at a position, or accepts a value within the field's documented limit. No
/// other exception, no value past a limit a run would choke on.
/// </summary>
public sealed class HostileNumberPropertyTests
{
    /// <summary>Each numeric field in a scenario (VALUE stands for it), with the largest value the loader may accept.</summary>
    private static readonly (string Template, long Most)[] Fields =
    [
        ("name: t\nusers: { alice: VALUE }\nsteps: []\n", ScenarioLoader.MaxDevicesPerUser),
        ("name: t\nusers: { alice: { devices: VALUE } }\nsteps: []\n", ScenarioLoader.MaxDevicesPerUser),
        ("name: t\nusers: { alice: { devices: 1, one_time_pre_keys: VALUE } }\nsteps: []\n", ScenarioLoader.MaxOneTimePreKeys),
        ("name: t\nserver: { one_time_pre_key_refill_threshold: VALUE }\nusers: { alice: 1 }\nsteps: []\n", ScenarioLoader.MaxOneTimePreKeys),
        (Header + "  - send: { from: alice, to: bob, size: VALUE }\n", ScenarioLoader.MaxSendSize),
        (Header + "  - send: { from: alice, to: bob, text: x, as: m }\n  - delay: { message: m, steps: VALUE }\n", ScenarioLoader.MaxDelaySteps),
        (Header + "  - repeat: VALUE\n    steps:\n      - repeat: 1000\n        var: j\n        steps:\n          - send: { from: alice, to: bob, text: x }\n", ScenarioLoader.MaxRepeatIterations / 1000),
        (Header + "  - chaos: { deliveries: VALUE }\n", ScenarioLoader.MaxChaosDeliveries),
        (Header + "  - send: { from: alice, to: bob, text: x, as: m }\n  - tamper: { message: m, to: bob/1, field: sequence, byte: VALUE }\n", 3),
        (Header + "  - send: { from: alice, to: bob, text: x, as: m }\n  - tamper: { message: m, to: bob/1, field: ciphertext, bit: VALUE }\n", 7),
        (Header + "  - expect: { state: { device: bob/1, sessions: VALUE } }\n", int.MaxValue),
        (Header + "  - expect: { server: { pending_for: bob/1, count: VALUE } }\n", int.MaxValue),
        ("name: t\nusers: { u: { count: VALUE } }\nsteps: []\n", ScenarioLoader.MaxBulkUsers),
        (Header + "  - add_user: { user: dave, devices: VALUE }\n", ScenarioLoader.MaxDevicesPerUser),
        (Header + "  - add_user: { user: dave, one_time_pre_keys: VALUE }\n", ScenarioLoader.MaxOneTimePreKeys),
        (Header + "  - run_until_quiet: {}\n    cost: { max_key_derivations: VALUE }\n", ScenarioLoader.MaxCostKeyDerivations),
        (Header + "  - run_until_quiet: {}\n    cost: { max_ms_cpu: VALUE }\n", ScenarioLoader.MaxCostCpuMilliseconds),
        (Header + "  - expect: { state: { device: bob/1, skipped_keys: { at_least: VALUE } } }\n", int.MaxValue),
        (Header + "  - expect: { server: { pending_for: bob/1, count: { at_most: VALUE } } }\n", int.MaxValue),
        (Header + "  - expect: { state: { device: bob/1, groups: { between: [0, VALUE] } } }\n", int.MaxValue),
        (Header + "  - expect: { error: { at: bob/1, code: replay, count: { between: [VALUE, 2147483647] } } }\n", int.MaxValue),
        (Header + "  - server: { fake_heartbeat: { to: all, time: VALUE } }\n", long.MaxValue),
        (Header + "  - expect: { event: { at: bob/1, kind: heartbeat, count: VALUE } }\n", int.MaxValue),
    ];

    private static readonly string[] Hostile =
    [
        "2147483647", "2147483648", "9223372036854775807", "99999999999999999999", "-1", "-2147483648", "0", "1", "1.5",
        "1e9", "NaN", ".nan", "Infinity", ".inf", "-.inf", "0x10", "\"5\"", "''", "~", "[]", "{}", "1_000", "+3", "07",
    ];

    [Test]
    public void A_hostile_number_is_refused_with_a_position_or_accepted_within_its_limit()
    {
        Gen<string> values = Gen.OneOf(Gen.Int[0, Hostile.Length - 1].Select(i => Hostile[i]), Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        Gen.Select(Gen.Int[0, Fields.Length - 1], values).Sample((field, value) =>
        {
            (string template, long most) = Fields[field];
            string yaml = template.Replace("VALUE", value, StringComparison.Ordinal);
            Scenario scenario;
            try
            {
                scenario = ScenarioLoader.Parse(yaml, "hostile.yaml");
            }
            catch (ScenarioFormatException e)
            {
                e.At.Line.Should().BePositive(yaml);
                e.Code.Should().NotBeNullOrEmpty();
                return;
            }

            if (template.Contains("alice: VALUE", StringComparison.Ordinal) && value == "{}")
            {
                return; // users: { alice: {} } is the mapping form of a user, with its defaults: not a number at all
            }

            long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long n)
                .Should().BeTrue($"only an integer may be accepted: {yaml}");
            n.Should().BeInRange(0, most, yaml);
            scenario.Should().NotBeNull();
        }, iter: 3000);
    }

    [Test]
    public void Nested_repeats_are_bounded_by_their_product()
    {
        ScenarioFormatException e = Fail(Header + "  - repeat: 1000\n    steps:\n      - repeat: 1000\n        var: j\n        steps:\n          - send: { from: alice, to: bob, text: x }\n");

        e.Code.Should().Be(ScenarioFormatException.BadValueCode);
        e.At.Line.Should().Be(8);
        e.Expected.Should().Be("a number of repetitions (1 to 100: the enclosing repeats run it 1000 times, and 100000 runs in all is the most)");
    }
}
