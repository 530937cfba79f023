using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Device;
using E2eeConformance.Mpenc.Session;
using E2eeConformance.Mpenc.Wire;

namespace E2eeConformance.Mpenc.Tests.Session;

/// <summary>
/// Regressions of the hostile review of the mpENC session (each failed on the reviewed code): observers verify
/// confirmations (F1), no gap is skipped and operations can fail (F2), initial agreements name everyone in the channel
/// (F3), departures exclude everyone gone (F4), hint collisions wait (F5), repeated early events are de-duplicated (F6),
/// bodies are well-formed Unicode (F7), nothing but typed errors leaves the device (F8), floods are bounded (F9), a left
/// member may enter again (F10) and a replayed entry does not put it back (F11).
/// </summary>
public sealed class ReviewFindingsTests
{
    private static bool IsControlPacket((string To, ChannelEvent Event) d) => d.Event.Kind == ChannelEventKind.Packet && d.Event.ControlSeq is not null;

    private static ChannelEvent FlipLastRecord(ChannelEvent e)
    {
        List<TlvRecord> records = [.. Tlv.Decode(WirePacket.Unwrap(e.Packet!))];
        byte[] v = (byte[])records[^1].Value.Clone();
        v[5 % v.Length] ^= 1;
        records[^1] = records[^1] with { Value = v };
        return e with { Packet = WirePacket.Wrap(Tlv.Encode(records)) };
    }

    // F1: an observer (here a member being excluded) decoded confirmations unauthenticated, so a network-tampered copy
    // took the control place and the genuine one was then ignored as a repeat: the observer's history diverged.
    [Test]
    public void F1_an_observer_refuses_a_tampered_confirmation_and_keeps_everyones_history()
    {
        SessionHarness h = ObserverGetsATamperedConfirmation();
        h.Refusals("dave").Should().ContainSingle().Which.Code.Should().Be(Errors.MpencErrorCode.BadSignature);
        h.Of<ExcludedFromSession>("dave").Should().ContainSingle("the genuine confirmation finished the exclusion for dave too");
    }

    [Test]
    public void F1b_the_observer_is_included_afterwards()
    {
        SessionHarness h = ObserverGetsATamperedConfirmation();
        h.Do("dave", new EnterCommand("g"));
        h.DeliverAll();
        h.Do("bob", new IncludeCommand("g", ["dave"]));
        h.DeliverAll();
        for (int i = 0; i < 10; i++)
        {
            h.Tick(60_000);
            h.DeliverAll();
        }

        h.Session("dave").Current.Should().NotBeNull("dave was included");
        h.Session("alice").Ongoing.Should().BeNull("the inclusion finished or failed");
    }

    // F2: the channel-gap skip (ControlOrder.Skip) gives up on a control event after 30 s; if the channel delivers it
    // later (held, not lost), it is "a repeated channel event" and ignored. The member never joins the operation;
    // everyone else waits for its confirmation for ever (no operation timeout).
    [Test]
    public void F2_a_control_event_held_past_the_timeouts_still_takes_its_place()
    {
        var h = new SessionHarness("alice", "bob", "carol");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("alice", new RefreshCommand("g"));
        long initial = h.Queue.Last().Event.ControlSeq!.Value;
        h.DeliverAll(hold: d => d.To == "bob" && d.Event.ControlSeq == initial);
        h.Tick(31_000);          // bob skips the gap (channel_gap) and takes carol's confirmation with no operation
        h.DeliverAll();          // the channel finally delivers the held initial packet: ignored as a repeat
        for (int i = 0; i < 10; i++)
        {
            h.Tick(60_000);
            h.DeliverAll();
        }

        h.Session("alice").Ongoing.Should().BeNull("the refresh finished (or failed) for alice");
        h.Session("carol").Ongoing.Should().BeNull();
        h.Session("alice").Current!.SidHex.Should().Be(h.Session("bob").Current!.SidHex);
    }

    // F3: a Start naming a current member is rejected only by that member ("in a session already"); members it does not
    // name accept it as observers. Any channel occupant thereby splits the group's concurrency resolver.
    [Test]
    public void F3_an_outsiders_start_does_not_split_the_resolver()
    {
        var h = new SessionHarness("alice", "bob", "carol", "dave");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("dave", new EnterCommand("g"));
        h.DeliverAll();
        h.Do("dave", new StartCommand("g", ["alice"]));
        h.DeliverAll();

        // Everyone in the session must take the same decision about the same packet.
        (h.Session("alice").Ongoing is null).Should().Be(h.Session("bob").Ongoing is null, "alice and bob decide the same for dave's start");

        h.Do("alice", new RefreshCommand("g"));
        h.DeliverAll();
        for (int i = 0; i < 5; i++)
        {
            h.Tick(60_000);
            h.DeliverAll();
        }

        h.Session("alice").Current!.SidHex.Should().Be(h.Session("bob").Current!.SidHex, "alice's refresh ran for everyone");
        h.Session("alice").Ongoing.Should().BeNull();
    }

    // F3b: an outsider's Start of a group of outsiders freezes the members' operations until it ends; if the outsider
    // then goes silent (stays in the channel), the members can never change membership again.
    [Test]
    public void F3b_a_silent_outsider_does_not_freeze_the_session()
    {
        var h = new SessionHarness("alice", "bob", "carol", "dave", "erin");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("dave", new EnterCommand("g"));
        h.Do("erin", new EnterCommand("g"));
        h.DeliverAll();
        h.Do("dave", new StartCommand("g", ["erin"]));
        h.DeliverAll(hold: d => d.Event.User == "erin" && IsControlPacket(d)); // erin's upflow never reaches the channel's readers
        h.Queue.RemoveAll(d => d.Event.User == "erin" && IsControlPacket(d));   // (or erin is simply silent)
        h.Do("alice", new RefreshCommand("g"));
        for (int i = 0; i < 10; i++)
        {
            h.Tick(60_000);
            h.DeliverAll();
        }

        h.Session("alice").Ongoing.Should().BeNull("a session's own operations cannot be blocked for ever by a non-member");
    }

    // F4: two members part in a row. The first leaver's exclusion is proposed by the second (first remaining member),
    // who then leaves too: that operation fails, and the next excluder only excludes the second. The exclusion waits for
    // everyone "staying" to be in the channel — including the first leaver, who never returns: the session is frozen,
    // and the departed members keep the current subsession's keys (they read everything sent afterwards).
    [Test]
    public void F4_two_departures_in_a_row_exclude_both_leavers()
    {
        var h = new SessionHarness("alice", "bob", "carol", "dave");
        h.StartGroup("g", "alice", "bob", "carol", "dave");
        string[] order = [.. h.Session("alice").Current!.Members];
        string first = order[0], second = order[1];
        string[] rest = [.. order.Skip(2)];
        h.Do(first, new PartCommand("g"));
        h.DeliverAll(hold: IsControlPacket);      // second sees first leave and proposes to exclude first
        h.Do(second, new PartCommand("g"));        // ... and parts before that exclusion ran
        h.DeliverAll();
        for (int i = 0; i < 10; i++)
        {
            h.Tick(60_000);
            h.DeliverAll();
        }

        foreach (string u in rest)
        {
            h.Session(u).Current!.Members.Should().BeEquivalentTo(rest, $"{u}: both leavers are excluded");
        }
    }

    // F5: a packet of a subsession this member has not finished yet is refused when its one-byte hint equals a closed
    // subsession's (session_closed) or the current/previous one's (bad_signature), instead of waiting in Unreadable:
    // a genuine text is lost for good. ClosedHints only grows, so this becomes likely after a few dozen operations.
    [Test]
    public void F5_hint_collisions_do_not_drop_texts_of_a_subsession_not_yet_finished()
    {
        var h = new SessionHarness("alice", "bob", "carol");
        h.StartGroup("g", "alice", "bob", "carol");
        for (int i = 0; i < 120; i++)
        {
            string before = h.Session("alice").Current!.SidHex;
            h.Do("alice", new RefreshCommand("g"));
            // carol lags: once alice has the new subsession, carol's control events wait.
            h.DeliverAll(hold: d => d.To == "carol" && IsControlPacket(d) && h.Session("alice").Current!.SidHex != before);
            h.Do("bob", new SendCommand("g", "text " + i));
            h.DeliverAll(hold: d => d.To == "carol" && IsControlPacket(d));
            h.DeliverAll();
            h.Texts("carol").Should().Contain("text " + i, $"iteration {i}: carol read bob's text; refusals: {string.Join("; ", h.Refusals("carol").Select(r => r.Code + " " + r.Detail))}");
            h.Tick(31_000);
            h.DeliverAll();
        }
    }

    // F6: early control events are stored without de-duplication; a network that repeats one future event MaxWaiting
    // times makes the member refuse (and so lose) the genuine next one; after the gap skip it never finishes the operation.
    [Test]
    public void F6_repeated_early_control_events_do_not_crowd_out_a_genuine_one()
    {
        var h = new SessionHarness("alice", "bob", "carol", "dave");
        h.StartGroup("g", "alice", "bob", "carol", "dave");
        h.Do("alice", new RefreshCommand("g"));
        long initial = h.Queue.Last().Event.ControlSeq!.Value;
        h.DeliverAll(hold: d => d.To == "bob" && IsControlPacket(d));
        List<ChannelEvent> toBob = [.. h.Queue.Where(d => d.To == "bob").Select(d => d.Event).OrderBy(e => e.ControlSeq)];
        h.Queue.RemoveAll(d => d.To == "bob");
        ChannelEvent next = toBob.First(e => e.ControlSeq == initial + 1);
        for (int i = 0; i < 64; i++)
        {
            h.Do("bob", new ChannelInput(next)); // the network repeats it
        }

        foreach (ChannelEvent e in toBob.Where(e => e.ControlSeq > initial + 1))
        {
            h.Do("bob", new ChannelInput(e));
        }

        h.Do("bob", new ChannelInput(toBob.First(e => e.ControlSeq == initial)));
        h.DeliverAll();
        for (int i = 0; i < 5; i++)
        {
            h.Tick(60_000);
            h.DeliverAll();
        }

        h.Session("bob").Current!.SidHex.Should().Be(h.Session("alice").Current!.SidHex, "bob finished the refresh too");
    }

    // F7: a text with a lone surrogate is sent as U+FFFD (Encoding.UTF8 replaces) but kept verbatim in the author's
    // transcript: author and readers hold different bodies for the same message id.
    [Test]
    public void F7_a_body_with_a_lone_surrogate_is_refused()
    {
        var h = new SessionHarness("alice", "bob");
        h.StartGroup("g", "alice", "bob");
        h.Do("alice", new SendCommand("g", "a\uD800b"));
        h.DeliverAll();
        h.Refusals("alice").Should().ContainSingle().Which.Code.Should().Be(Errors.MpencErrorCode.Malformed, "a body is well-formed Unicode");
        h.Of<MessageSent>("alice").Should().BeEmpty();
    }

    // F8: mutated packets from the channel must never throw anything but MpencException out of Step.
    [Test]
    public void F8_mutated_packets_never_crash_the_device()
    {
        var h = new SessionHarness("alice", "bob", "carol", "dave");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("dave", new EnterCommand("g"));
        h.DeliverAll();
        var seen = new List<ChannelEvent>();
        h.Do("alice", new SendCommand("g", "hello"));
        h.Do("bob", new IncludeCommand("g", ["dave"]));
        seen.AddRange(h.Queue.Select(q => q.Event));
        h.DeliverAll();
        var rnd = new Random(7);
        foreach (ChannelEvent e in seen.Where(e => e.Packet is not null).DistinctBy(e => e.Packet))
        {
            byte[] tlv = WirePacket.Unwrap(e.Packet!);
            for (int k = 0; k < 400; k++)
            {
                byte[] m = (byte[])tlv.Clone();
                int n = rnd.Next(1, 4);
                for (int j = 0; j < n; j++)
                {
                    m[rnd.Next(m.Length)] ^= (byte)(1 << rnd.Next(8));
                }

                ChannelEvent bad = e with { Packet = WirePacket.Wrap(m), ControlSeq = e.ControlSeq is null ? null : h.Session("carol").Channel.NextControl };
                foreach (string u in new[] { "carol", "dave" })
                {
                    MpencDeviceState before = h.State[u];
                    Action act = () => MpencDevice.Step(before, new ChannelInput(bad), h.Now, new SeededRandom("fuzz"));
                    act.Should().NotThrow($"{u} on a mutated {e}");
                }
            }
        }
    }
    // F3c: a newcomer who does not know the order yet accepts any Start naming it (its own Current is null and it has
    // no LastFinal to check), so an outsider can pull it into a private "session" in the group's channel; the group's
    // later inclusion of the newcomer is then rejected by it ("bob is not a member") for ever.
    [Test]
    public void F3c_an_outsider_cannot_capture_a_newcomer()
    {
        var h = new SessionHarness("alice", "bob", "carol", "dave", "eve");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("eve", new EnterCommand("g"));
        h.Do("dave", new EnterCommand("g"));
        h.DeliverAll();
        h.Do("eve", new StartCommand("g", ["dave"]));
        h.DeliverAll();
        h.Do("bob", new IncludeCommand("g", ["dave"]));
        h.DeliverAll();
        for (int i = 0; i < 5; i++)
        {
            h.Tick(60_000);
            h.DeliverAll();
        }

        h.Session("alice").Ongoing.Should().BeNull("bob's inclusion finished or failed");
        h.Session("alice").Current!.Members.Should().Contain("dave");
    }

    // F9: any channel occupant can fill a member's Unreadable queue (64) with junk data packets; for the parent timeout
    // every genuine packet of a subsession the member has not finished yet is then refused (wrong_session) and lost.
    [Test]
    public void F9_junk_packets_from_an_outsider_do_not_make_a_lagging_member_lose_texts()
    {
        var h = new SessionHarness("alice", "bob", "carol", "eve");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("eve", new EnterCommand("g"));
        h.DeliverAll();
        ChannelSession c = h.Session("carol");
        byte hint = (byte)Enumerable.Range(0, 256).First(b => b != c.Current!.Hint && !c.ClosedHints.Contains((byte)b));
        for (int i = 0; i < 64; i++)
        {
            byte[] junk = Tlv.Encode([new TlvRecord((ushort)TlvType.SidkeyHint, [hint]), new TlvRecord((ushort)TlvType.MessagePayload, [(byte)i, 1, 2, 3])]);
            h.Queue.AddRange(h.Server.Handle("eve", new PostPacket("g", WirePacket.Wrap(junk), Greeting: false)).Deliveries);
        }

        h.DeliverAll();
        string before = h.Session("alice").Current!.SidHex;
        h.Do("alice", new RefreshCommand("g"));
        h.DeliverAll(hold: d => d.To == "carol" && IsControlPacket(d) && h.Session("alice").Current!.SidHex != before);
        h.Do("bob", new SendCommand("g", "during carol's lag"));
        h.DeliverAll(hold: d => d.To == "carol" && IsControlPacket(d));
        h.DeliverAll();
        h.Texts("carol").Should().Contain("during carol's lag", string.Join("; ", h.Refusals("carol").Select(r => r.Detail)));
    }

    // F10: after leaving (or being kicked from) a channel, Enter is refused for ever: ChannelView after one's own Left
    // has Inside = false and an empty roster, which Enter takes for "entering already".
    [Test]
    public void F10_a_member_who_left_can_enter_the_channel_again()
    {
        var h = new SessionHarness("alice", "bob", "carol");
        h.StartGroup("g", "alice", "bob", "carol");
        h.Do("bob", new PartCommand("g"));
        h.DeliverAll();
        h.Do("bob", new EnterCommand("g"));
        h.Refusals("bob").Should().BeEmpty();
    }

    // F11: a replay of a member's own old Entered event, after it left, is taken as "its own entry": the member thinks it
    // is inside again with the old roster (the ControlSeq check is bypassed for own entries).
    [Test]
    public void F11_a_replayed_own_entry_after_leaving_does_not_put_the_member_back_inside()
    {
        var h = new SessionHarness("alice", "bob", "carol");
        foreach (string u in new[] { "alice", "bob", "carol" })
        {
            h.Do(u, new EnterCommand("g"));
        }

        ChannelEvent bobsEntry = h.Queue.First(d => d.To == "bob" && d.Event.Kind == ChannelEventKind.Entered && d.Event.User == "bob").Event;
        h.Do("alice", new StartCommand("g", ["bob", "carol"]));
        h.DeliverAll();
        h.Do("bob", new PartCommand("g"));
        h.DeliverAll();
        h.Session("bob").Channel.Inside.Should().BeFalse();
        h.Do("bob", new ChannelInput(bobsEntry));  // the network replays it
        h.Session("bob").Channel.Inside.Should().BeFalse("bob is not in the channel");
    }

    /// <summary>Carol excludes Dave, who follows the exclusion as an observer; the last confirmation reaches him first as a tampered copy.</summary>
    private static SessionHarness ObserverGetsATamperedConfirmation()
    {
        var h = new SessionHarness("alice", "bob", "carol", "dave");
        h.StartGroup("g", "alice", "bob", "carol", "dave");
        h.Do("carol", new ExcludeCommand("g", ["dave"]));
        h.DeliverAll(hold: d => d.To == "dave" && IsControlPacket(d));
        List<(string To, ChannelEvent Event)> held = [.. h.Queue.Where(d => d.To == "dave" && IsControlPacket(d))];
        foreach ((string to, ChannelEvent e) in held.SkipLast(1))
        {
            h.Queue.Remove((to, e));
            h.Do("dave", new ChannelInput(e));
        }

        h.Do("dave", new ChannelInput(FlipLastRecord(held[^1].Event)));
        h.DeliverAll();
        return h;
    }
}
