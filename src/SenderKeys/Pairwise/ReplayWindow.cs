using E2eeConformance.SenderKeys.Errors;

namespace E2eeConformance.SenderKeys.Pairwise;

/// <summary>
/// Which counters of a peer were accepted (seed 004, "Replay protection: per-message nonce/IV plus sender sequence
/// counters"). Decision SK-7: counters start at 1; the newest accepted counter and a 64-bit map of the 64 counters up
/// to it are kept, so a message may arrive out of order up to <see cref="Size"/> behind the newest. Older is
/// <c>counter_outside_window</c>, a counter already accepted is <c>replay</c>. Immutable: accepting gives a new window.
/// </summary>
public sealed record ReplayWindow(ulong Newest, ulong Seen)
{
    /// <summary>How far behind the newest counter a message is still accepted.</summary>
    public const int Size = 64;

    /// <summary>Nothing accepted yet.</summary>
    public static ReplayWindow Empty { get; } = new(0, 0);

    /// <summary>Checks <paramref name="counter"/> without accepting it; throws when it must be refused.</summary>
    public void Check(ulong counter)
    {
        if (counter == 0)
        {
            throw new SenderKeyException(SenderKeyErrorCode.Malformed, "counters start at 1");
        }

        if (counter > Newest)
        {
            return;
        }

        ulong behind = Newest - counter;
        if (behind >= Size)
        {
            throw new SenderKeyException(SenderKeyErrorCode.CounterOutsideWindow, $"counter {counter} is {behind} behind the newest accepted ({Newest}); the window is {Size}");
        }

        if ((Seen & (1UL << (int)behind)) != 0)
        {
            throw new SenderKeyException(SenderKeyErrorCode.Replay, $"counter {counter} was already accepted");
        }
    }

    /// <summary>The window with <paramref name="counter"/> accepted (checked first).</summary>
    public ReplayWindow Accept(ulong counter)
    {
        Check(counter);
        if (counter <= Newest)
        {
            return this with { Seen = Seen | (1UL << (int)(Newest - counter)) };
        }

        ulong shift = counter - Newest;
        ulong moved = shift >= Size ? 0 : Seen << (int)shift;
        return new ReplayWindow(counter, moved | 1UL);
    }
}
