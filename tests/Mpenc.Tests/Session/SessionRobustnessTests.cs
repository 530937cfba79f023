using System.Text;
using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Device;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Session;
using E2eeConformance.Mpenc.Wire;

namespace E2eeConformance.Mpenc.Tests.Session;

/// <summary>
/// The session under hostile delivery (seed 003 §2.2, §3.3, §3.4): any delivery order with duplicates converges, refused
/// inputs leave the state as it was, a tampered greeting does not take the genuine packet's place, and nothing secret prints.
/// </summary>
public sealed class SessionRobustnessTests
{
    [Test]
    public void Any_delivery_order_with_duplicates_converges_and_every_text_is_read_once_in_causal_order([Range(1, 12)] int seed)
    {
        var random = new Random(seed);
        var h = new SessionHarness("alice", "bob", "carol", "dave");
        foreach (string u in new[] { "alice", "bob", "carol" })
        {
            h.Do(u, new EnterCommand("g"));
        }

        h.Do("alice", new StartCommand("g", ["bob", "carol"]));
        h.DeliverShuffled(random);
        h.Do("bob", new SendCommand("g", "b1"));
        h.Do("dave", new EnterCommand("g"));
        h.DeliverShuffled(random);
        h.Do("carol", new SendCommand("g", "c1"));
        h.Do("alice", new IncludeCommand("g", ["dave"]));
        h.Do("bob", new RefreshCommand("g"));
        h.DeliverShuffled(random);
        h.Do("dave", new SendCommand("g", "d1"));
        h.DeliverShuffled(random);

        string[] all = ["alice", "bob", "carol", "dave"];
        Subsession first = h.Session("alice").Current!;
        foreach (string u in all)
        {
            ChannelSession s = h.Session(u);
            s.Ongoing.Should().BeNull(u);
            s.Current!.SidHex.Should().Be(first.SidHex, u);
            s.Current.GroupKey.Should().Equal(first.GroupKey, u);
            s.ChainHash.Should().Equal(h.Session("alice").ChainHash, u);
            h.Texts(u).Should().OnlyHaveUniqueItems(u);
            h.Refusals(u).Should().BeEmpty(u);
        }

        first.Members.Should().BeEquivalentTo(all);
        foreach (string u in all.Where(u => u != "dave"))
        {
            h.Texts(u).Should().Contain("d1", u);
        }
    }

    [Test]
    public void Garbage_from_the_channel_is_refused_with_a_code_and_the_state_unchanged([Range(1, 40)] int seed)
    {
        var random = new Random(seed);
        var h = new SessionHarness("alice", "bob");
        h.StartGroup("g", "alice", "bob");
        MpencDeviceState before = h.State["bob"];
        byte[] bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        string[] packets =
        [
            WirePacket.Wrap(bytes),
            "?mpENC:" + Encoding.ASCII.GetString(bytes.Select(b => (byte)(33 + (b % 90))).ToArray()) + ".",
            WirePacket.Wrap(Tlv.Encode([new TlvRecord((ushort)random.Next(0, 0x400), bytes)])),
            "",
        ];
        foreach (string packet in packets)
        {
            foreach (long? control in new long?[] { null, h.Session("bob").Channel.NextControl })
            {
                DeviceStep step = MpencDevice.Step(before, new ChannelInput(new ChannelEvent("g", 99, control, ChannelEventKind.Packet, "alice", packet, null, null)), 0, new SeededRandom("x"));
                step.State.Should().BeSameAs(before, "a refused packet leaves the state as it was");
                step.Requests.Should().BeEmpty();
                step.Events.Should().ContainSingle().Which.Should().BeOfType<InputRefused>()
                    .Which.Code.Should().BeOneOf(MpencErrorCode.Malformed, MpencErrorCode.UnexpectedRecord, MpencErrorCode.UnsupportedVersion);
            }
        }
    }

    [Test]
    public void Commands_that_cannot_be_carried_out_are_refused_by_code()
    {
        var h = new SessionHarness("alice", "bob", "carol");
        MpencDeviceState fresh = h.State["carol"];
        Refused(fresh, new SendCommand("g", "x")).Should().Be(MpencErrorCode.NotInChannel);
        h.StartGroup("g", "alice", "bob");
        MpencDeviceState alice = h.State["alice"];
        Refused(alice, new ExcludeCommand("g", ["alice"])).Should().Be(MpencErrorCode.BadMembers);
        Refused(alice, new IncludeCommand("g", [])).Should().Be(MpencErrorCode.BadMembers);
        Refused(alice, new EnterCommand("g")).Should().Be(MpencErrorCode.BadMembers);
        Refused(alice, new SendCommand("g", "x") { ClaimedParents = ["not hex"] }).Should().Be(MpencErrorCode.Malformed);
        h.Do("carol", new EnterCommand("h"));
        Refused(h.State["carol"], new SendCommand("h", "x")).Should().Be(MpencErrorCode.NoSession);
        Refused(h.State["carol"], new RefreshCommand("h")).Should().Be(MpencErrorCode.NoSession);
    }

    [Test]
    public void A_tampered_greeting_is_refused_and_the_genuine_one_still_takes_its_place()
    {
        var h = new SessionHarness("alice", "bob", "carol");
        foreach (string u in new[] { "alice", "bob", "carol" })
        {
            h.Do(u, new EnterCommand("g"));
        }

        h.DeliverAll();
        h.Do("alice", new StartCommand("g", ["bob", "carol"]));
        (string to, ChannelEvent genuine) = h.Queue.First(q => q.To == "bob");
        byte[] tlv = WirePacket.Unwrap(genuine.Packet!);
        tlv[^1] ^= 1;
        h.Do("bob", new ChannelInput(genuine with { Packet = WirePacket.Wrap(tlv) }));
        h.Refusals("bob").Should().ContainSingle().Which.Code.Should().Be(MpencErrorCode.BadSignature);
        h.DeliverAll();
        h.Session("bob").Current.Should().NotBeNull();
        h.Session("bob").Current!.SidHex.Should().Be(h.Session("carol").Current!.SidHex);
        to.Should().Be("bob");
    }

    [Test]
    public void Nothing_secret_prints()
    {
        var h = new SessionHarness("alice", "bob");
        h.StartGroup("g", "alice", "bob");
        Subsession sub = h.Session("alice").Current!;
        string text = string.Join("\n", h.State["alice"].ToString(), h.Session("alice").ToString(), sub.ToString());
        text.Should().NotContain(Convert.ToHexStringLower(sub.GroupKey)).And.NotContain(Convert.ToHexStringLower(sub.SigningKey))
            .And.NotContain(Convert.ToHexStringLower(h.State["alice"].IdentityKey)).And.NotContain("System.Byte[]");
    }

    private static MpencErrorCode Refused(MpencDeviceState state, DeviceInput input)
    {
        DeviceStep step = MpencDevice.Step(state, input, 0, new SeededRandom("r"));
        step.State.Should().BeSameAs(state);
        step.Requests.Should().BeEmpty();
        return step.Events.Should().ContainSingle().Which.Should().BeOfType<InputRefused>().Subject.Code;
    }
}
