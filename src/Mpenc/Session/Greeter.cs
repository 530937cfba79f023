using System.Collections.Immutable;
using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Gka;
using E2eeConformance.Mpenc.Messages;
using E2eeConformance.Mpenc.Wire;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// Greeting packets in the channel's control order (seed 003 §3.3, §4.3 ServerOrder and Greeter): the concurrency
/// resolver accepts the earliest initial packet that names the last accepted final packet and rejects the others; the
/// accepted operation runs its agreements (§5.2.1, §5.2.2) stage by stage; it finishes with the packet after which every
/// next member's session signature has been seen in the channel — the same packet for everyone, since everyone sees the
/// same order — and the chain hash takes in the operation's initial and final packets. A member outside the operation
/// follows it by the packets' public fields (MP-15).
/// </summary>
internal static class Greeter
{
    /// <summary>
    /// The greeting of a control event, checked before it takes its place: its signature (an upflow or first downflow by
    /// the key it carries, a confirmation by its author's key as the operation's packets carried it — for participants
    /// and observers alike) and that its source is its poster. Without an operation in progress a greeting can change
    /// nothing but the note that it is ignored, and is read without its signature. A
    /// packet that fails here is refused and does not take its place (MP-15): a tampered copy cannot consume the genuine one's.
    /// </summary>
    public static (Greeting Greeting, string Id) Read(ChannelSession s, ChannelEvent e)
    {
        byte[] tlv = WirePacket.Unwrap(e.Packet ?? "");
        string id = PacketId.Of(tlv);
        bool carriesKeys = Tlv.Decode(tlv).Any(r => r.Type == (ushort)TlvType.PubKey);
        // A confirmation is checked with its author's key as the operation (or a subsession this member holds) knows
        // it; one whose author no key is known of is no participant of anything here, and can change nothing but a note.
        Greeting g = carriesKeys ? GreetingPacket.Decode(tlv)
            : KnownKey(s, SourceOf(tlv)) is { } key ? GreetingPacket.Decode(tlv, key)
            : GreetingPacket.DecodeUnauthenticated(tlv);
        return g.Source == e.User ? (g, id) : throw new MpencException(MpencErrorCode.NotAMember, $"a greeting of {g.Source} posted by {e.User}");
    }

    /// <summary>A greeting in its place in the control order.</summary>
    public static ChannelSession OnGreeting(ChannelSession s, StepContext x, Greeting g, string id)
    {
        return g.GreetType == GreetKind.Abort ? OperationEnd.OnAbort(s, x, g)
            : GreetKind.IsInitial(g.GreetType) ? OnInitial(s, x, g, id)
            : Continue(s, x, g, id);
    }

    /// <summary>A stage of the accepted operation (or of none: ignored).</summary>
    private static ChannelSession Continue(ChannelSession s, StepContext x, Greeting g, string id)
    {
        if (s.Ongoing is not { } op)
        {
            x.Fx.Note(s.Channel.Name, $"{x.Self} ignores a greeting of {g.Source}: no operation is in progress (a rejected proposal's stage)");
            return s;
        }

        if (g.PrevPf is not { } of || Convert.ToHexStringLower(of) != op.InitialId)
        {
            // MP-16: a stage names its operation; one of a failed or rejected operation (a member that processed it late) is not one of this.
            x.Fx.Note(s.Channel.Name, $"{x.Self} ignores a greeting of {g.Source}: it belongs to another operation than {op.Initiator}'s");
            return s;
        }

        op = op with { KnownKeys = Learn(op.KnownKeys, g) };
        bool refused = false;
        if (op.Participant)
        {
            try
            {
                op = Participate(s, x, op, g);
            }
            catch (MpencException ex)
            {
                refused = true;
                // MP-21: it keeps following the operation as an observer and aborts it, so it fails for everyone alike.
                x.Fx.Event(new InputRefused(s.Channel.Name, ex.Code, $"{x.Self} cannot take part in {g.Source}'s stage: {ex.Message}"));
                op = OperationEnd.SendAbort(s, x, op with { Participant = false, Gka = null, Aske = null }, $"it cannot take part ({MpencErrorCodes.Name(ex.Code)})");
            }
        }

        return Progress(s, x, op with { Acknowledged = !refused && GreetKind.Acknowledges(g.GreetType) && op.Members.Contains(g.Source) ? op.Acknowledged.Add(g.Source) : op.Acknowledged }, id);
    }

    /// <summary>Someone left the channel (§3.3): an operation that needs them fails; a member that left is excluded by the first remaining member.</summary>
    public static ChannelSession OnLeft(ChannelSession s, StepContext x, string user)
    {
        s = s with { Channel = s.Channel with { Roster = s.Channel.Roster.Remove(user) } };
        if (s.Ongoing is { } op && (op.Members.Contains(user) || op.Initiator == user))
        {
            s = OperationEnd.Fail(s, x, op, $"{user} left the channel during {op.Initiator}'s operation");
        }

        s = s with { Proposals = [.. s.Proposals.Select(p => p.Kind == OperationKind.Include ? p with { Targets = p.Targets.Remove(user) } : p)] };
        ImmutableArray<string> absent = [.. (s.Current?.Members ?? []).Where(m => m != x.Self && !s.Channel.Roster.Contains(m))];
        if (s.Current is { } alone && alone.Members.All(m => m == x.Self || absent.Contains(m)))
        {
            // No other member is left in the channel: the session ends (an exclusion needs two members; §3.3: a member
            // goes to a solo session only by the channel). Its subsession closes after the shutdown grace.
            x.Fx.Event(new SessionEnded(s.Channel.Name, $"no other member of subsession {alone.SidHex[..8]} is in the channel"));
            return Proposals.TrySend(s with
            {
                Current = null,
                Previous = alone with { ClosesAtMs = x.Now + x.Timers.ShutdownGraceMs },
                ClosedHints = s.Previous is { } older ? s.ClosedHints.Add(older.Hint) : s.ClosedHints,
                Gka = CliquesMember.New(x.Self),
                Proposals = s.Proposals.RemoveAll(p => p.Kind != OperationKind.Start && p.InFlightId is null),
            }, x);
        }

        if (s.Current is { } current && !absent.IsEmpty
            && current.Members.FirstOrDefault(s.Channel.Roster.Contains) == x.Self
            && !s.Proposals.Any(p => p.Kind == OperationKind.Exclude && p.InFlightId is null && absent.All(p.Targets.Contains)))
        {
            // §3.3: members that leave the channel are excluded — every one gone, not only the last (a departure during another's exclusion).
            x.Fx.Note(s.Channel.Name, $"{x.Self} excludes {string.Join(", ", absent)}, who left the channel (§3.3)");
            return Proposals.Add(s with { Proposals = s.Proposals.RemoveAll(p => p.Kind == OperationKind.Exclude && p.InFlightId is null) }, x, OperationKind.Exclude, absent);
        }

        return Proposals.TrySend(s, x);
    }

    private static ChannelSession OnInitial(ChannelSession s, StepContext x, Greeting g, string id)
    {
        OperationKind kind = GreetKind.KindOf(g.GreetType);
        Proposal? mine = s.Proposals.FirstOrDefault(p => p.InFlightId == id);
        ImmutableArray<string> next = [.. g.Members];
        string? prev = g.PrevPf is { } pf ? Convert.ToHexStringLower(pf) : null;
        if (s.Current is null && s.Ongoing is { } followed && followed.Initiator == g.Source && next.Contains(x.Self))
        {
            // A member without a subsession followed this initiator's earlier proposal, which the others must have
            // rejected or failed (an initiator proposes again only then): it follows the new one (MP-15).
            x.Fx.Note(s.Channel.Name, $"{x.Self} leaves {g.Source}'s earlier proposal for this one");
            s = s with { Ongoing = null, KnowsOrder = false, LastFinal = null, ChainHash = ChannelSession.InitialChainHash };
        }

        string? why = !s.KnowsOrder && !next.Contains(x.Self) ? "it does not name this member, which does not know the channel's order yet (MP-15)"
            : s.Ongoing is not null ? $"{s.Ongoing.Initiator}'s operation is in progress"
            : !s.Channel.HasAll(next) ? "not everyone it names is in the channel"
            : kind == OperationKind.Start && (s.Current is not null || (s.KnowsOrder && s.LastFinal is not null)) ? "the channel has a group already"
            : kind == OperationKind.Start && !s.Channel.Roster.All(next.Contains) ? "an initial agreement names everyone in the channel (MP-22)"
            : kind != OperationKind.Start && s.Current is { } c && !c.Members.Contains(g.Source) ? $"{g.Source} is not a member"
            : s.KnowsOrder && prev != s.LastFinal ? $"it follows {(prev is null ? "no operation" : Transcript.Short(prev))}, not {(s.LastFinal is null ? "no operation" : Transcript.Short(s.LastFinal))}"
            : null;
        if (why is null && s.KnowsOrder && g.ChainHash is { } chain && !chain.AsSpan().SequenceEqual(s.ChainHash))
        {
            x.Fx.Event(new InputRefused(s.Channel.Name, MpencErrorCode.ChainMismatch, $"{g.Source}'s proposal carries another history of operations than {x.Self}'s"));
            why = "its chain hash differs";
        }

        if (why is not null)
        {
            if (mine is not null)
            {
                x.Fx.Event(new ProposalRejected(s.Channel.Name, kind, why));
                return Proposals.TrySend(s with { Proposals = s.Proposals.Select(p => p == mine ? p with { InFlightId = null, PreparedGka = null, PreparedAske = null } : p).ToImmutableList() }, x);
            }

            x.Fx.Note(s.Channel.Name, $"{x.Self} rejects {g.Source}'s proposal ({OperationKinds.Describe(kind, next.Where(m => m != g.Source))}): {why}");
            return s.Current is null && s.Ongoing is { } following ? s with { Ongoing = following with { SetAside = following.SetAside.Add(id) } } : s;
        }

        bool participant = next.Contains(x.Self) && (s.Current is not null || kind is OperationKind.Start or OperationKind.Include);
        (CliquesMember? gka, AskeMember? aske) = !participant ? (null, null)
            : g.Source == x.Self && mine is not null ? (mine.PreparedGka, mine.PreparedAske)
            : s.Current is null ? (CliquesMember.New(x.Self), s.Aske)
            : (s.Gka, s.Aske);
        ImmutableArray<string> leaving = [.. (s.Current?.Members ?? []).Where(m => !next.Contains(m))];
        var op = new Operation(kind, id, g.Source, next, leaving, participant && gka is not null, gka, aske, [], x.Now) { KnownKeys = Learn(ImmutableDictionary.Create<string, byte[]>(StringComparer.Ordinal), g), Adopted = !s.KnowsOrder };
        s = s with
        {
            Ongoing = op,
            KnowsOrder = true,
            LastFinal = s.KnowsOrder ? s.LastFinal : prev,
            ChainHash = s.KnowsOrder ? s.ChainHash : g.ChainHash is { Length: OperationChain.Length } adopted ? adopted : ChannelSession.InitialChainHash,
        };
        x.Fx.Event(new OperationAccepted(s.Channel.Name, kind, g.Source, next, op.Participant) { Leaving = leaving, Joining = [.. next.Where(m => s.Current is null ? m != g.Source : !s.Current.Members.Contains(m))] });
        // The initial packet is the operation's first stage too (an upflow, or an exclusion's or refresh's first downflow).
        return Continue(s, x, g with { GreetType = g.GreetType == GreetKind.StartUpflow || g.GreetType == GreetKind.IncludeUpflow ? GreetKind.Upflow : g.GreetType, PrevPf = Convert.FromHexString(id) }, id);
    }

    /// <summary>A participant's stage: an upflow addressed to it, the first downflow, or a confirmation.</summary>
    private static Operation Participate(ChannelSession s, StepContext x, Operation op, Greeting g)
    {
        CliquesMember gka = op.Gka!;
        AskeMember aske = op.Aske!;
        if (g.GreetType == GreetKind.Upflow)
        {
            if (g.Dest != x.Self || g.Source == x.Self)
            {
                return op;
            }

            (CliquesMember gka2, CliquesFlow gflow) = gka.OnUpflow(GreetingWire.GkaOf(g) ?? throw new MpencException(MpencErrorCode.Malformed, "an upflow carries intermediate keys"), x.Random);
            (AskeMember aske2, AskeFlow aflow) = aske.OnUpflow(GreetingWire.AskeOf(g), x.Random);
            ushort type = gflow.Kind == CliquesFlowKind.Upflow ? GreetKind.Upflow : GreetKind.Downflow;
            (string wire, _) = GreetingWire.Encode(type, x.Self, gflow, aflow, op.InitialId, null, [], aske2.EphemeralSigningKey!);
            x.Fx.Request(new PostPacket(s.Channel.Name, wire, Greeting: true));
            return op with { Gka = gka2, Aske = aske2 };
        }

        if (g.Source == x.Self)
        {
            return op;
        }

        if (GreetingWire.GkaOf(g) is { } downflow)
        {
            gka = gka.OnDownflow(downflow);
        }
        else if (g.GreetType != GreetKind.Confirm)
        {
            // A first downflow moves both agreements or neither: without intermediate keys the ASKE would go on alone.
            throw new MpencException(MpencErrorCode.Malformed, "a first downflow carries the intermediate keys");
        }

        (AskeMember aske3, AskeFlow? ack) = aske.OnDownflow(GreetingWire.AskeOf(g), s.Channel.IdentityKeys);
        if (ack is not null)
        {
            (string wire, _) = GreetingWire.Encode(GreetKind.Confirm, x.Self, null, ack, op.InitialId, null, [], aske3.EphemeralSigningKey!);
            x.Fx.Request(new PostPacket(s.Channel.Name, wire, Greeting: true));
        }

        return op with { Gka = gka, Aske = aske3 };
    }

    /// <summary>Whether the operation finished with this packet; if so the new subsession (or, for an observer, what it learns).</summary>
    private static ChannelSession Progress(ChannelSession s, StepContext x, Operation op, string id)
    {
        if (!op.IsCompleteForObserver || (op.Participant && !op.IsCompleteForParticipant))
        {
            return s with { Ongoing = op };
        }

        byte[] chain = OperationChain.Next(s.ChainHash, op.InitialId, id);
        s = s with { Ongoing = null, LastFinal = id, ChainHash = chain, KnowsOrder = true, Proposals = s.Proposals.RemoveAll(p => p.InFlightId == op.InitialId) };
        if (op.Participant)
        {
            s = Establish(s, x, op);
        }
        else if (op.Leaving.Contains(x.Self))
        {
            x.Fx.Event(new ExcludedFromSession(s.Channel.Name, op.Initiator));
            s = s with { Current = null, Previous = s.Current is { } old ? old with { ClosesAtMs = x.Now + x.Timers.ShutdownGraceMs } : s.Previous, Gka = CliquesMember.New(x.Self) };
        }
        else if (op.Members.Contains(x.Self))
        {
            x.Fx.Event(new OperationFailed(s.Channel.Name, op.Kind, $"{x.Self} could not take part: the others finished without it"));
        }
        else
        {
            x.Fx.Note(s.Channel.Name, $"{x.Self} sees {op.Initiator}'s operation finish ({op.Members.Length} members)");
        }

        return Proposals.TrySend(s, x);
    }

    private static ChannelSession Establish(ChannelSession s, StepContext x, Operation op)
    {
        AskeMember aske = op.Aske!;
        CliquesMember gka = op.Gka!;
        ImmutableArray<string> members = [.. aske.Members];
        IReadOnlyList<byte[]> keys = aske.EphemeralKeys;
        var sub = new Subsession(
            aske.SessionId!,
            gka.GroupKey(),
            members,
            members.Select((m, i) => (m, keys[i])).ToImmutableDictionary(p => p.m, p => p.Item2, StringComparer.Ordinal),
            aske.EphemeralSigningKey!,
            Transcript.Empty,
            members.ToImmutableDictionary(m => m, _ => x.Now, StringComparer.Ordinal),
            [],
            x.Now,
            x.Now,
            null);
        ImmutableHashSet<byte> closed = s.Previous is { } older ? s.ClosedHints.Add(older.Hint) : s.ClosedHints;
        Subsession? previous = s.Current is { } current ? current with { ClosesAtMs = x.Now + x.Timers.ShutdownGraceMs } : null;
        x.Fx.Event(new OperationCompleted(s.Channel.Name, op.Kind, op.Initiator, members, sub.SidHex, sub.KeyFingerprint));
        if (op.Kind == OperationKind.Exclude && op.Initiator == x.Self && !op.Leaving.IsEmpty)
        {
            x.Fx.Request(new KickFromChannel(s.Channel.Name, op.Leaving));
        }

        return Messenger.RetryUnreadable(s with { Gka = gka, Aske = aske, Current = sub, Previous = previous, ClosedHints = closed }, x);
    }

    private static string SourceOf(byte[] tlv) =>
        Tlv.Decode(tlv).FirstOrDefault(r => r.Type == (ushort)TlvType.Source) is { } r ? Common.StrictUtf8.Decode(r.Value, "a participant id") : "";

    /// <summary>The ephemeral key of <paramref name="source"/> as the ongoing operation, or else a subsession this member holds, knows it.</summary>
    private static byte[]? KnownKey(ChannelSession s, string source) =>
        s.Ongoing?.KnownKeys.GetValueOrDefault(source)
        ?? (s.Current is { } c && c.Members.Contains(source) ? c.AuthorKeys.GetValueOrDefault(source) : null)
        ?? (s.Previous is { } p && p.Members.Contains(source) ? p.AuthorKeys.GetValueOrDefault(source) : null);

    /// <summary>The ephemeral keys a self-signed greeting carries, by participant (MEMBER i ↔ PUB_KEY i).</summary>
    private static ImmutableDictionary<string, byte[]> Learn(ImmutableDictionary<string, byte[]> known, Greeting g)
    {
        for (int i = 0; i < Math.Min(g.Members.Count, g.EphemeralKeys.Count); i++)
        {
            known = known.SetItem(g.Members[i], g.EphemeralKeys[i]);
        }

        return known;
    }
}
