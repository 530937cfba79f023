using System.Collections.Immutable;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Client;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// <see cref="WaitingText"/>: a group text that waits keeps the audience it was written for (issue 11): who joined later
/// is a newcomer it is not sent to; an add made before it was written, whenever its notice arrives, is not.
/// </summary>
[TestFixtureSource(typeof(DeviceStateCodecFixture), nameof(DeviceStateCodecFixture.Suites))]
public sealed class WaitingTextTests(string suiteName) : DeviceStateCodecFixture(suiteName)
{
    private DeviceGroup Group() => WithSampleGroup("waiting", g => g).Groups[GroupKey];

    private static string[] DevicesOf(GroupSession session) => [.. session.Members.Select(m => Addresses.Format(m.Address))];

    [Test]
    public void A_text_written_for_the_whole_session_has_no_newcomers_there()
    {
        GroupSession session = Group().Keys!.Current;
        var text = new WaitingText([1], [.. DevicesOf(session)]);

        text.NewcomersIn(session).Should().BeEmpty();
    }

    [Test]
    public void A_device_missing_from_the_audience_is_a_newcomer_unless_its_user_was_being_added()
    {
        GroupSession session = Group().Keys!.Current;
        string[] devices = DevicesOf(session);
        GroupMember other = session.Members.Skip(1).First();
        string otherUser = $"user:{other.Address.User!.UserId}@{other.Address.Domain}";

        new WaitingText([1], [.. devices.Where(d => d != other.Key)]).NewcomersIn(session).Should().Equal(other.Key);
        new WaitingText([1], [.. devices.Where(d => d != other.Key), otherUser]).NewcomersIn(session).Should().BeEmpty("its user's add was pending when the text was written");
        new WaitingText([1], null).NewcomersIn(session).Should().BeEmpty("an unbound text is bound to the first session it meets");
    }

    [Test]
    public void An_add_of_the_texts_version_or_older_joins_its_audience_a_newer_one_does_not()
    {
        DeviceGroup g = Group();
        GroupMember newcomer = new(GroupParty.AddressOf("zoe/dev1"), new byte[32]);
        var text = new WaitingText([1], ImmutableSortedSet.Create(StringComparer.Ordinal, "x"), Version: 5);
        g = g with { WaitingTexts = [text] };

        WaitingText.LearnFrom(g, 6, [newcomer]).Should().BeSameAs(g, "an add made after the text was written brings a newcomer");
        WaitingText.LearnFrom(g, 5, [newcomer]).WaitingTexts.Single().WrittenFor.Should().Contain(newcomer.Key);
        WaitingText.LearnFrom(g, 0, [newcomer]).Should().BeSameAs(g, "without a version nothing is known of the order");
        WaitingText.LearnFrom(g with { WaitingTexts = [text with { WrittenFor = null }] }, 5, [newcomer]).WaitingTexts.Single().WrittenFor.Should().BeNull();
    }

    [Test]
    public void A_session_of_the_texts_version_or_older_joins_its_audience()
    {
        DeviceGroup g = Group();
        Wire.GroupInfo info = g.Keys!.Current.GroupInfo.Clone();
        info.MembershipVersion = 3;
        g = g with { Keys = g.Keys with { Current = g.Keys.Current with { GroupInfo = info } } };
        ulong current = MembershipOrder.Current(g);
        WaitingText.Learn(g with { WaitingTexts = [new WaitingText([1], ["x"], Version: 0)] }).WaitingTexts.Single().WrittenFor.Should().Equal(["x"], "a text of no known version learns nothing");
        var older = new WaitingText([1], ImmutableSortedSet.Create(StringComparer.Ordinal, "x"), Version: current);
        var newer = new WaitingText([2], ImmutableSortedSet.Create(StringComparer.Ordinal, "x"), Version: current - 1);

        DeviceGroup learned = WaitingText.Learn(g with { WaitingTexts = [older, newer] });

        learned.WaitingTexts[0].WrittenFor.Should().Contain(DevicesOf(g.Keys!.Current));
        learned.WaitingTexts[1].WrittenFor.Should().Equal("x");
    }
}
