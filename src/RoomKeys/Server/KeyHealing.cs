namespace E2eeConformance.RoomKeys.Server;

/// <summary>
/// How the server keeps every member's room keys complete (RK-22, RK-24) with the seed's own notifications: a
/// replacement (UpdateRoomKeyNotification to the speaker, a SendRoomKeyNotification per other member), and asking a
/// holder of a generation's key to send it to a member that lacks it.
/// </summary>
internal static class KeyHealing
{
    /// <summary>
    /// The speaker replaces the room key (seed 002, "The replacement of room_key"): the next generation, made by it and
    /// sent to each other member.
    /// </summary>
    public static void Replace(RoomSession s, string speaker, ServerContext c)
    {
        s.Generation++;
        s.ReplacedAtMs = c.NowMs;
        s.Marked = false;
        s.KeyMaker = speaker;
        s.Keys.Note(speaker, s.Generation, s.Generation);
        c.Send(speaker, n => n.UpdateRoomKey = new Wire.UpdateRoomKeyNotification { SessionId = s.Id, Generation = s.Generation });
        foreach (string member in s.Members.Where(u => u != speaker))
        {
            AskForKey(s, speaker, member, s.Generation, c);
        }
    }

    /// <summary>
    /// RK-22: a key of <paramref name="generation"/> went to <paramref name="user"/>. A member handed the key of the
    /// generation before the current one (admitted by a member whose newest key was still on its way) would never get
    /// the current one — the replacement went out before it was a member — so a holder of the current key (its maker
    /// first) is asked to send it.
    /// </summary>
    public static void Keyed(RoomSession s, string user, uint generation, ServerContext c)
    {
        s.Keys.Note(user, generation, s.Generation);
        s.Distributed = Math.Max(s.Distributed, generation);
        if (s.E2eeOn && !s.Keys.Has(user, s.Generation) && Holder(s, s.Generation, user) is { } holder)
        {
            AskForKey(s, holder, user, s.Generation, c);
        }
    }

    /// <summary>Asks <paramref name="holder"/>, who has the key of <paramref name="generation"/>, to send it to <paramref name="user"/>.</summary>
    public static void AskForKey(RoomSession s, string holder, string user, uint generation, ServerContext c)
    {
        s.Keys.Ask(holder, user, generation);
        c.Send(holder, n => n.SendRoomKey = new Wire.SendRoomKeyNotification { SessionId = s.Id, Generation = generation, User = user, PublicKey = c.KeyOf(user) });
    }

    /// <summary>
    /// RK-24, after <paramref name="user"/> left a room that still has members: a generation it made and handed to
    /// nobody is made again by the longest-standing member; the keys it was to hand on (<paramref name="orphaned"/>, or an
    /// invitation it accepted) come from another holder.
    /// </summary>
    public static void AfterLeave(RoomSession s, string user, IReadOnlyList<(string User, uint Generation)> orphaned, ServerContext c)
    {
        if (!s.E2eeOn)
        {
            return;
        }

        if (s.KeyMaker == user && s.Distributed < s.Generation)
        {
            s.Generation--;
            Replace(s, s.Members[0], c);
        }

        IEnumerable<(string User, uint Generation)> waiting = orphaned.Concat(s.Members.Where(m => !s.Keys.Has(m, s.Generation)).Select(m => (m, s.Generation)));
        foreach ((string member, uint generation) in waiting.Where(w => s.Has(w.User) && !s.Keys.Has(w.User, w.Generation)).Distinct().ToList())
        {
            if (Holder(s, generation, member) is { } holder)
            {
                AskForKey(s, holder, member, generation, c);
            }
        }
    }

    /// <summary>A member other than <paramref name="except"/> that holds the key of <paramref name="generation"/>: the current key's maker first.</summary>
    private static string? Holder(RoomSession s, uint generation, string except) =>
        s.Has(s.KeyMaker) && s.KeyMaker != except && s.Keys.Holds(s.KeyMaker, generation)
            ? s.KeyMaker
            : s.Members.FirstOrDefault(m => m != except && s.Keys.Holds(m, generation));
}
