using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Client;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// <see cref="DeviceStateCodec"/> keeps what a device waits for and keeps for convergence (issue 11): the member chains
/// a newcomer still awaits (<see cref="DeviceGroup.AwaitedChains"/>) and the add notices kept to carry a late seed
/// (<see cref="DeviceGroup.ReflectedNotices"/>). A restart that lost the first would apply a later change too early; one
/// that lost the second would lose the messages a late seed is carried up for.
/// </summary>
[TestFixtureSource(typeof(DeviceStateCodecFixture), nameof(DeviceStateCodecFixture.Suites))]
public sealed class DeviceStateCodecConvergenceTests(string suiteName) : DeviceStateCodecFixture(suiteName)
{
    private static string Key => GroupKey;

    private DeviceState WithKeyedGroup(Func<DeviceGroup, DeviceGroup> change) => WithSampleGroup("convergence", change);

    private static Wire.ProtoMsg Notice(ulong version, string device) => new()
    {
        AddGroupMemberDeviceMsg = new Wire.AddGroupMemberDeviceMsg
        {
            SenderAddress = GroupParty.AddressOf("alice"),
            GroupInfo = new Wire.GroupInfo { GroupName = "test", GroupAddress = GroupParty.GroupAddress, MembershipVersion = version },
            AddingMemberDevice = new Wire.GroupMemberInfo { MemberAddress = GroupParty.AddressOf(device) },
        },
    };

    [Test]
    public void Awaited_chains_and_reflected_notices_come_back_in_order()
    {
        DeviceState state = WithKeyedGroup(g => g.WithReflected(Notice(3, "bob/dev2")).WithReflected(Notice(5, "carol/dev2")) with
        {
            AwaitedChains = ["bob/dev2@e2eelab.org", "carol/dev1@e2eelab.org"],
        });

        DeviceGroup decoded = RoundTrip(state).Groups[Key];

        decoded.AwaitedChains.Should().Equal("bob/dev2@e2eelab.org", "carol/dev1@e2eelab.org");
        decoded.ReflectedNotices.Should().Equal(Notice(3, "bob/dev2"), Notice(5, "carol/dev2"));
        SameState(RoundTrip(state), state, "re-encoding the decoded state gives the same bytes");
    }

    [Test]
    public void Reflected_notices_are_bounded_and_a_copy_takes_no_slot()
    {
        DeviceGroup g = WithKeyedGroup(g => g).Groups[Key];
        for (ulong v = 1; v <= DeviceGroup.MaxReflectedNotices + 3; v++)
        {
            g = g.WithReflected(Notice(v, "bob/dev2")).WithReflected(Notice(v, "bob/dev2"));
        }

        g.ReflectedNotices.Should().HaveCount(DeviceGroup.MaxReflectedNotices);
        g.ReflectedNotices[0].Should().Be(Notice(4, "bob/dev2"), "the oldest are dropped first");
    }

    [Test]
    public void Each_changes_the_encoding()
    {
        byte[] plain = DeviceStateCodec.Encode(WithKeyedGroup(g => g));

        DeviceStateCodec.Encode(WithKeyedGroup(g => g with { AwaitedChains = ["bob/dev2@e2eelab.org"] })).Should().NotEqual(plain);
        DeviceStateCodec.Encode(WithKeyedGroup(g => g.WithReflected(Notice(2, "bob/dev2")))).Should().NotEqual(plain);
    }
}
