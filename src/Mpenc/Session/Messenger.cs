using System.Collections.Immutable;
using E2eeConformance.Mpenc.Channel;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Messages;
using E2eeConformance.Mpenc.Wire;

namespace E2eeConformance.Mpenc.Session;

/// <summary>
/// Messages of a subsession (seed 003 §3.4, §3.6, §4.2 steps 3–5): a text is sent with the transcript's heads as its
/// parents, signed with the author's ephemeral key and encrypted under the group key (§5.3); a received packet is tried
/// against the current subsession, then the previous one (the hint picks; the author is found by whose ephemeral key
/// verifies it), accepted into the transcript once its parents are, deferred until then, and refused if it breaks the
/// ordering rules. A packet no known subsession reads waits for the next operation to finish.
/// </summary>
internal static class Messenger
{
    /// <summary>Sends a text (or, with an empty text, an explicit acknowledgement or heartbeat — MP-17) in the current subsession.</summary>
    public static ChannelSession Send(ChannelSession s, StepContext x, string text, IReadOnlyList<string>? claimedParents = null)
    {
        Subsession sub = s.Current ?? throw new MpencException(MpencErrorCode.NoSession, $"{x.Self} has no session in {s.Channel.Name}");
        if (claimedParents is not null && claimedParents.Any(p => p is not { Length: 64 } || !p.All(Uri.IsHexDigit)))
        {
            throw new MpencException(MpencErrorCode.Malformed, "a claimed parent is a 64-digit hex id");
        }

        return s with { Current = SendIn(s.Channel.Name, sub, x, text, claimedParents) };
    }

    /// <summary>Sends in a given subsession (the previous one's shutdown acknowledgements go there).</summary>
    public static Subsession SendIn(string channel, Subsession sub, StepContext x, string text, IReadOnlyList<string>? claimedParents = null)
    {
        ImmutableArray<string> parents = [.. (claimedParents?.Select(p => p.ToLowerInvariant()) ?? sub.Transcript.Heads).Order(StringComparer.Ordinal)];
        byte[] tlv = DataMessage.Encode(sub.SessionId, sub.GroupKey, sub.SigningKey, [.. parents.Select(Convert.FromHexString)], text, x.Random);
        string id = PacketId.Of(tlv);
        var entry = new TranscriptEntry(id, x.Self, parents, text, x.Now, [], false);
        x.Fx.Request(new PostPacket(channel, WirePacket.Wrap(tlv), Greeting: false));
        x.Fx.Event(new MessageSent(channel, id, text.Length > 0));
        return sub with { Transcript = sub.Transcript.Add(entry), LastSentMs = x.Now };
    }

    /// <summary>A data packet from the channel.</summary>
    public static ChannelSession OnPacket(ChannelSession s, StepContext x, string packet)
    {
        byte[] tlv = WirePacket.Unwrap(packet);
        string id = PacketId.Of(tlv);
        if (Known(s, id))
        {
            if (!IsOwn(s, x.Self, id))
            {
                x.Fx.Note(s.Channel.Name, $"{x.Self} ignores a copy of {Transcript.Short(id)} it has");
            }

            return s;
        }

        IReadOnlyList<TlvRecord> records = Tlv.Decode(tlv);
        byte hint = records.Count > 0 && records[0].Type == (ushort)TlvType.SidkeyHint && records[0].Value.Length == 1 ? records[0].Value[0]
            : throw new MpencException(MpencErrorCode.UnexpectedRecord, "a data packet starts with its one-byte SIDKEY_HINT");
        foreach (Subsession sub in new[] { s.Current, s.Previous }.OfType<Subsession>().Where(u => u.Hint == hint))
        {
            if (TryRead(sub, tlv) is { } read)
            {
                return Accept(s, x, sub.SidHex, new DeferredMessage(id, sub.SidHex, read.Author, [.. read.Parents.Select(Convert.ToHexStringLower)], read.Body, x.Now));
            }
        }

        // A one-byte hint collides (1 in 256) with a subsession this member has not finished yet: such a packet waits for
        // the next operation too, and is refused only if it is still unread when it expires (§4.2 step 5; MP-19).
        UnreadablePacket waiting = s.Current?.Hint == hint || s.Previous?.Hint == hint
            ? new UnreadablePacket(packet, x.Now, MpencErrorCode.BadSignature, "no member's ephemeral key of the subsession verifies the packet")
            : s.ClosedHints.Contains(hint)
            ? new UnreadablePacket(packet, x.Now, MpencErrorCode.SessionClosed, $"a packet of a subsession {x.Self} has closed")
            : new UnreadablePacket(packet, x.Now, null, "a packet of a subsession this member has not joined");
        ImmutableList<UnreadablePacket> queue = s.Unreadable;
        if (queue.Count >= x.Timers.MaxWaiting)
        {
            // Bounded: the oldest goes (a flood of packets nobody reads cannot push out what arrives next).
            x.Fx.Note(s.Channel.Name, $"{x.Self} drops the oldest of {queue.Count} packets no subsession reads");
            queue = queue.RemoveAt(0);
        }

        x.Fx.Note(s.Channel.Name, $"{x.Self} keeps a packet no subsession it has reads, until the next operation finishes");
        return s with { Unreadable = queue.Add(waiting) };
    }

    /// <summary>After an operation: the packets that waited are tried again (a member that finished earlier may have written in the new subsession).</summary>
    public static ChannelSession RetryUnreadable(ChannelSession s, StepContext x)
    {
        ImmutableList<UnreadablePacket> waiting = s.Unreadable;
        s = s with { Unreadable = [] };
        foreach (UnreadablePacket old in waiting)
        {
            var inner = new StepContext(x.Self, x.Now, x.Random, x.Timers, new Effects());
            try
            {
                s = OnPacket(s, inner, old.Packet);
                if (s.Unreadable.Count > 0 && s.Unreadable[^1].Packet == old.Packet)
                {
                    s = s with { Unreadable = s.Unreadable.SetItem(s.Unreadable.Count - 1, s.Unreadable[^1] with { ArrivedAtMs = old.ArrivedAtMs }) };
                    continue;
                }

                x.Fx.Events.AddRange(inner.Fx.Events);
                x.Fx.Requests.AddRange(inner.Fx.Requests);
            }
            catch (MpencException e)
            {
                x.Fx.Event(new InputRefused(s.Channel.Name, e.Code, e.Message));
            }
        }

        return s;
    }

    /// <summary>Accepts a verified message into its subsession's transcript if its parents are there, else defers it; then whatever waited on it.</summary>
    public static ChannelSession Accept(ChannelSession s, StepContext x, string sid, DeferredMessage m)
    {
        Subsession sub = SubsessionOf(s, sid)!;
        if (m.Parents.Any(p => !sub.Transcript.Contains(p)))
        {
            ImmutableList<DeferredMessage> deferred = s.Deferred;
            if (deferred.Count >= x.Timers.MaxWaiting)
            {
                // Bounded: the oldest waiting message is given up (its parents are the likeliest never to come).
                DeferredMessage oldest = deferred[0];
                x.Fx.Event(new InputRefused(s.Channel.Name, MpencErrorCode.ParentMissing, $"{oldest.Author}'s message {Transcript.Short(oldest.Id)} gives way: {x.Timers.MaxWaiting} messages wait for parents"));
                deferred = deferred.RemoveAt(0);
            }

            x.Fx.Note(s.Channel.Name, $"{x.Self} defers {Transcript.Short(m.Id)} of {m.Author} until its parents arrive");
            return s with { Deferred = deferred.Add(m) };
        }

        if (sub.Transcript.Violation(m.Author, m.Parents) is { } why)
        {
            throw new MpencException(MpencErrorCode.BadParents, $"{m.Author}'s message {Transcript.Short(m.Id)}: {why}");
        }

        var entry = new TranscriptEntry(m.Id, m.Author, m.Parents, m.Body, x.Now, [], false);
        sub = sub with { Transcript = sub.Transcript.Add(entry), LastHeard = sub.LastHeard.SetItem(m.Author, x.Now), Absent = sub.Absent.Remove(m.Author) };
        if (m.Body.Length > 0)
        {
            x.Fx.Event(new MessageDelivered(s.Channel.Name, m.Id, m.Author, m.Body, sid));
        }

        s = Replace(s, sub);
        DeferredMessage? ready = s.Deferred.FirstOrDefault(d => d.SidHex == sid && d.Parents.All(sub.Transcript.Contains));
        while (ready is not null)
        {
            s = s with { Deferred = s.Deferred.Remove(ready) };
            try
            {
                s = Accept(s, x, sid, ready);
            }
            catch (MpencException e)
            {
                x.Fx.Event(new InputRefused(s.Channel.Name, e.Code, e.Message));
            }

            Subsession now = SubsessionOf(s, sid)!;
            ready = s.Deferred.FirstOrDefault(d => d.SidHex == sid && d.Parents.All(now.Transcript.Contains));
        }

        return s;
    }

    /// <summary>The subsession of a session id (current or previous), or null.</summary>
    public static Subsession? SubsessionOf(ChannelSession s, string sid) =>
        s.Current?.SidHex == sid ? s.Current : s.Previous?.SidHex == sid ? s.Previous : null;

    /// <summary>The session with a subsession replaced by its newer value.</summary>
    public static ChannelSession Replace(ChannelSession s, Subsession sub) =>
        s.Current?.SidHex == sub.SidHex ? s with { Current = sub } : s with { Previous = sub };

    private static bool IsOwn(ChannelSession s, string self, string id) =>
        (s.Current?.Transcript.Entries.GetValueOrDefault(id) ?? s.Previous?.Transcript.Entries.GetValueOrDefault(id))?.Author == self;

    private static bool Known(ChannelSession s, string id) =>
        (s.Current?.Transcript.Contains(id) ?? false) || (s.Previous?.Transcript.Contains(id) ?? false) || s.Deferred.Any(d => d.Id == id);

    private static (string Author, IReadOnlyList<byte[]> Parents, string Body)? TryRead(Subsession sub, byte[] tlv)
    {
        foreach (string author in sub.Members)
        {
            try
            {
                (IReadOnlyList<byte[]> parents, string body) = DataMessage.Decode(tlv, sub.SessionId, sub.GroupKey, sub.AuthorKeys[author]);
                return (author, parents, body);
            }
            catch (MpencException e) when (e.Code == MpencErrorCode.BadSignature)
            {
                // Trial verification (§5.3 has no author field): the next member's key.
            }
        }

        return null;
    }
}
