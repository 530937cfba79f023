using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Tests.Deviations;

/// <summary>The stable names of the <see cref="ProtocolDeviations"/> switches, and parsing a list of them.</summary>
public sealed class ProtocolDeviationNamesTests
{
    [Test]
    public void Every_switch_has_its_stable_kebab_case_name()
    {
        ProtocolDeviationNames.NameOf(ProtocolDeviations.NoChainLimit).Should().Be("no-chain-limit");
        ProtocolDeviationNames.NameOf(ProtocolDeviations.UnboundedSkippedKeys).Should().Be("unbounded-skipped-keys");
        ProtocolDeviationNames.NameOf(ProtocolDeviations.PhantomSkippedKeys).Should().Be("phantom-skipped-keys");
        ProtocolDeviationNames.NameOf(ProtocolDeviations.GroupOutOfOrderDropped).Should().Be("group-out-of-order-dropped");
        ProtocolDeviationNames.All.Select(d => d.Deviation).Should().Equal(
            Enum.GetValues<ProtocolDeviations>().Where(d => d != ProtocolDeviations.None), "every switch is named, in flag order");
    }

    [Test]
    public void A_comma_separated_list_parses_to_the_union_and_formats_back_in_flag_order()
    {
        ProtocolDeviations parsed = ProtocolDeviationNames.Parse("phantom-skipped-keys, no-chain-limit,no-chain-limit");

        parsed.Should().Be(ProtocolDeviations.PhantomSkippedKeys | ProtocolDeviations.NoChainLimit);
        ProtocolDeviationNames.Format(parsed).Should().Be("no-chain-limit,phantom-skipped-keys");
        ProtocolDeviationNames.Parse(ProtocolDeviationNames.Format(ProtocolDeviationNames.Known)).Should().Be(ProtocolDeviationNames.Known);
    }

    [Test]
    public void An_empty_list_is_none_and_none_formats_as_empty()
    {
        ProtocolDeviationNames.Parse("").Should().Be(ProtocolDeviations.None);
        ProtocolDeviationNames.Format(ProtocolDeviations.None).Should().BeEmpty();
    }

    [Test]
    public void An_unknown_name_is_an_ArgumentException_naming_it_and_the_known_names()
    {
        Action parse = () => ProtocolDeviationNames.Parse("no-chain-limit,no-limits-at-all");

        parse.Should().Throw<ArgumentException>()
            .Which.Message.Should().Contain("'no-limits-at-all'").And.Contain("no-chain-limit, unbounded-skipped-keys, phantom-skipped-keys, group-out-of-order-dropped");
        ((Action)(() => ProtocolDeviationNames.Parse("No-Chain-Limit"))).Should().Throw<ArgumentException>("names are case-sensitive");
        ((Action)(() => ProtocolDeviationNames.Format((ProtocolDeviations)64))).Should().Throw<ArgumentException>();
        ((Action)(() => ProtocolDeviationNames.NameOf(ProtocolDeviations.NoChainLimit | ProtocolDeviations.PhantomSkippedKeys))).Should().Throw<ArgumentException>();
    }
}
