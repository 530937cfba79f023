using E2eeConformance.Engine.Client;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// <see cref="DeviceStateCodec"/> keeps what a departed device knows about a group (issue 11): when it left
/// (<see cref="DeviceGroup.LeftAtMs"/>, null while a member — 0 is a time, not "a member") and the membership version of
/// the newest notice that named it (<see cref="DeviceGroup.SelfVersion"/>). A restart that lost either would make a
/// departed device a member again, or let an old add notice bring it back.
/// </summary>
[TestFixtureSource(typeof(DeviceStateCodecFixture), nameof(DeviceStateCodecFixture.Suites))]
public sealed class DeviceStateCodecDepartureTests(string suiteName) : DeviceStateCodecFixture(suiteName)
{
    private static string Key => GroupKey;

    private DeviceState WithKeyedGroup(Func<DeviceGroup, DeviceGroup> change) => WithSampleGroup("departure", change);

    [TestCase(0L, 0UL)]
    [TestCase(1_751_371_200_000L, 4UL)]
    [TestCase(long.MaxValue, ulong.MaxValue)]
    public void A_departed_group_comes_back_departed_at_the_same_time_with_the_same_version(long leftAtMs, ulong selfVersion)
    {
        DeviceState state = WithKeyedGroup(g => g with { LeftAtMs = leftAtMs, SelfVersion = selfVersion });

        DeviceGroup decoded = RoundTrip(state).Groups[Key];

        decoded.LeftAtMs.Should().Be(leftAtMs);
        decoded.IsMember.Should().BeFalse();
        decoded.SelfVersion.Should().Be(selfVersion);
        SameState(RoundTrip(state), state, "re-encoding the decoded state gives the same bytes");
    }

    [Test]
    public void A_member_group_comes_back_a_member_with_its_version()
    {
        DeviceState state = WithKeyedGroup(g => g with { LeftAtMs = null, SelfVersion = 7 });

        DeviceGroup decoded = RoundTrip(state).Groups[Key];

        decoded.LeftAtMs.Should().BeNull();
        decoded.IsMember.Should().BeTrue();
        decoded.SelfVersion.Should().Be(7UL);
    }

    [Test]
    public void Departure_and_version_change_the_encoding()
    {
        DeviceState member = WithKeyedGroup(g => g);
        byte[] plain = DeviceStateCodec.Encode(member);

        DeviceStateCodec.Encode(WithKeyedGroup(g => g with { LeftAtMs = 0 })).Should().NotEqual(plain, "leaving at time 0 is still leaving");
        DeviceStateCodec.Encode(WithKeyedGroup(g => g with { SelfVersion = 1 })).Should().NotEqual(plain);
    }
}
