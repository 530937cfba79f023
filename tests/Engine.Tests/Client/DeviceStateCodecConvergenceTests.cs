using System.Collections.Immutable;
using Google.Protobuf;
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
        DeviceStateCodec.Encode(WithKeyedGroup(g => g with { VersionOnlyChanges = [4] })).Should().NotEqual(plain);
        DeviceStateCodec.Encode(WithKeyedGroup(g => g with { WaitingTexts = [new WaitingText([1], null)] })).Should().NotEqual(plain);
    }

    [Test]
    public void A_version_only_change_is_remembered_once_bounded_and_survives_a_round_trip()
    {
        DeviceGroup g = WithKeyedGroup(g => g).Groups[Key];
        ulong start = g.Keys!.Current.GroupInfo.MembershipVersion;
        for (ulong v = 1; v <= DeviceGroup.MaxVersionOnlyChanges + 2; v++)
        {
            Wire.GroupInfo info = g.Keys!.Current.GroupInfo.Clone();
            info.MembershipVersion = start + v;
            g = MembershipOrder.TakeVersion(MembershipOrder.TakeVersion(g, info), info);
        }

        g.Keys!.Current.GroupInfo.MembershipVersion.Should().Be(start + DeviceGroup.MaxVersionOnlyChanges + 2);
        g.VersionOnlyChanges.Should().HaveCount(DeviceGroup.MaxVersionOnlyChanges, "the oldest are dropped, and taking a version twice records it once");
        g.VersionOnlyChanges[^1].Should().Be(start + DeviceGroup.MaxVersionOnlyChanges + 2);
        DeviceState state = WithKeyedGroup(_ => g);
        RoundTrip(state).Groups[Key].VersionOnlyChanges.Should().Equal(g.VersionOnlyChanges);
    }

    [Test]
    public void Waiting_texts_keep_their_audience_and_an_unbound_text_stays_unbound()
    {
        WaitingText bound = new([1, 2], ImmutableSortedSet.Create(StringComparer.Ordinal, "alice/dev1@e2eelab.org", "user:carol@e2eelab.org"), Version: 7);
        WaitingText unbound = new([3], null);
        DeviceState state = WithKeyedGroup(g => g with { WaitingTexts = [bound, unbound] });

        IReadOnlyList<WaitingText> decoded = RoundTrip(state).Groups[Key].WaitingTexts;

        decoded.Select(t => t.Text.ToArray()).Should().BeEquivalentTo([new byte[] { 1, 2 }, new byte[] { 3 }], o => o.WithStrictOrdering());
        decoded[0].WrittenFor.Should().Equal("alice/dev1@e2eelab.org", "user:carol@e2eelab.org");
        decoded[0].Version.Should().Be(7);
        decoded[1].WrittenFor.Should().BeNull("a text written before the device held a session is bound to the first it holds");
        SameState(RoundTrip(state), state, "re-encoding the decoded state gives the same bytes");
    }

    [Test]
    public void A_snapshot_with_the_former_waiting_texts_field_reads_them_as_unbound()
    {
        DeviceState state = WithKeyedGroup(g => g);
        var stored = Engine.Client.State.StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(state));
        stored.Groups.Single(e => e.Key == Key).Value.WaitingTexts.Add(Google.Protobuf.ByteString.CopyFromUtf8("old"));

        WaitingText text = DeviceStateCodec.Decode(stored.ToByteArray()).Groups[Key].WaitingTexts.Should().ContainSingle().Subject;

        text.Text.ToArray().Should().Equal("old"u8.ToArray());
        text.WrittenFor.Should().BeNull();
    }
}
