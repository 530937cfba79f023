using System.Collections.Immutable;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Groups;

/// <summary>
/// A receiving position in one member's sending chain plus the keys of messages skipped over (the out-of-order store
/// the whitepaper promises and the reference lacks, REFERENCE-BEHAVIOUR §39). Limits as for one-to-one: the chain limit,
/// the forward jump, and the stored-key bound (oldest evicted).
/// </summary>
/// <remarks>
/// A message at a position below <see cref="Chain"/> with no key held fails with one of two codes (the reference only
/// has spent keys and no error taxonomy): <c>replay</c> when the position is in <see cref="Spent"/> with this very
/// ciphertext's fingerprint; <c>superseded_chain</c> otherwise — a different message at a spent position (another
/// chain: indices restart at an add) or a position this chain never derived. <see cref="Spent"/> holds at most one entry
/// per position, so at most the chain limit (512). A group chain never evicts a skipped key, so never reports
/// <c>evicted_key</c>: one chain has at most 511 skipped keys, below <see cref="ProtocolLimits.MaxStoredSkippedKeys"/>
/// (a test pins that inequality).
/// <para>
/// A deviant device (<see cref="ProtocolDeviations"/>, never ours) may lift the jump and stored-key bounds
/// (<see cref="ProtocolDeviations.UnboundedSkippedKeys"/>) or keep no skipped keys at all, as the reference
/// (<see cref="ProtocolDeviations.GroupOutOfOrderDropped"/>: a message behind the chain fails with <c>bad_tag</c>).
/// </para>
/// </remarks>
public sealed record GroupChainState(ChainKey Chain, ImmutableSortedDictionary<uint, SecretBytes> SkippedKeys)
{
    /// <summary>
    /// The positions decrypted on this chain → the <see cref="CiphertextFingerprint"/> of the message read there.
    /// </summary>
    public ImmutableSortedDictionary<uint, ulong> Spent { get; init; } = ImmutableSortedDictionary<uint, ulong>.Empty;

    /// <summary>A chain at its first key <paramref name="chain"/>, with no skipped keys.</summary>
    public static GroupChainState Start(ChainKey chain) => new(chain, ImmutableSortedDictionary<uint, SecretBytes>.Empty);

    /// <summary>
    /// Decrypts the message at <paramref name="sequence"/>; throws <see cref="ProtocolException"/> and changes nothing on
    /// failure. With <see cref="ProtocolDeviations.GroupOutOfOrderDropped"/> a message behind the chain fails with
    /// <c>bad_tag</c> (REFERENCE-BEHAVIOUR §39: the reference tries it with the chain's current key) and the keys passed
    /// on a jump are discarded; with <see cref="ProtocolDeviations.UnboundedSkippedKeys"/> neither the jump is bounded nor
    /// a stored key evicted.
    /// <paramref name="opener"/> (default: decrypt) is what is done with the key found (<see cref="MessageOpener"/>).
    /// </summary>
    public (GroupChainState Next, byte[] Text) Decrypt(uint sequence, ReadOnlySpan<byte> ad, ReadOnlySpan<byte> ciphertext, ProtocolDeviations deviations = ProtocolDeviations.None, MessageOpener? opener = null)
    {
        opener ??= MessageOpener.Decrypt;
        bool keepSkipped = !deviations.Has(ProtocolDeviations.GroupOutOfOrderDropped);
        bool bounded = !deviations.Has(ProtocolDeviations.UnboundedSkippedKeys);
        if (sequence < Chain.Index)
        {
            if (!keepSkipped)
            {
                throw new ProtocolException(ProtocolErrorCode.BadTag, $"group chain index {sequence} is behind the chain ({Chain.Index}), which keeps no skipped keys: tried with the wrong key");
            }

            if (!SkippedKeys.TryGetValue(sequence, out SecretBytes? kept))
            {
                throw NoKeyHeld(sequence, ciphertext);
            }

            using MessageKey mk = MessageKey.FromBytes(kept.Span);
            byte[] text = opener.Open(mk, ad, ciphertext);
            return (this with { SkippedKeys = SkippedKeys.Remove(sequence), Spent = Spent.SetItem(sequence, CiphertextFingerprint.Of(ciphertext)) }, text);
        }

        long jump = sequence - Chain.Index;
        if (jump > ProtocolLimits.MaxForwardJump && bounded)
        {
            throw new ProtocolException(ProtocolErrorCode.JumpTooFar, $"decrypting would skip {jump} group message keys (at most {ProtocolLimits.MaxForwardJump})");
        }

        ImmutableSortedDictionary<uint, SecretBytes>.Builder skipped = SkippedKeys.ToBuilder();
        ChainKey at = Chain;
        while (at.Index < sequence)
        {
            if (keepSkipped)
            {
                using MessageKey skippedKey = at.MessageKey();
                skipped[at.Index] = SecretBytes.Copy(skippedKey.Bytes);
            }

            at = Advance(at);
        }

        bool committed = false;
        try
        {
            byte[] plaintext;
            using (MessageKey mk = at.MessageKey())
            {
                plaintext = opener.Open(mk, ad, ciphertext);
            }

            committed = true;

            while (bounded && skipped.Count > ProtocolLimits.MaxStoredSkippedKeys)
            {
                skipped.Remove(skipped.Keys.First());
            }

            GroupChainState next = this with
            {
                Chain = at.Next(),
                SkippedKeys = skipped.ToImmutable(),
                Spent = Spent.SetItem(sequence, CiphertextFingerprint.Of(ciphertext)),
            };
            return (next, plaintext);
        }
        finally
        {
            if (!ReferenceEquals(at, Chain))
            {
                at.Dispose(); // the key of the message just decrypted: the new state keeps the one after it
            }

            if (!committed && keepSkipped)
            {
                // The keys skipped on the way to a message that did not decrypt belong to no state: wipe them.
                for (uint index = Chain.Index; index < sequence; index++)
                {
                    skipped[index].Dispose();
                }
            }
        }
    }

    /// <summary>
    /// Moves the chain forward to <paramref name="index"/>, keeping the keys passed (e.g. up to an inviter's add position);
    /// <paramref name="deviations"/> as for <see cref="Decrypt"/> (no bound on the jump, or no keys kept).
    /// </summary>
    public GroupChainState FastForward(uint index, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        if (index < Chain.Index)
        {
            throw new ProtocolException(ProtocolErrorCode.BadGroupBundle, $"cannot move a group chain back from index {Chain.Index} to {index}");
        }

        if (index - Chain.Index > ProtocolLimits.MaxForwardJump && !deviations.Has(ProtocolDeviations.UnboundedSkippedKeys))
        {
            throw new ProtocolException(ProtocolErrorCode.JumpTooFar, $"fast-forwarding would skip {index - Chain.Index} group message keys");
        }

        ImmutableSortedDictionary<uint, SecretBytes>.Builder skipped = SkippedKeys.ToBuilder();
        ChainKey at = Chain;
        while (at.Index < index)
        {
            if (!deviations.Has(ProtocolDeviations.GroupOutOfOrderDropped))
            {
                using MessageKey mk = at.MessageKey();
                skipped[at.Index] = SecretBytes.Copy(mk.Bytes);
            }

            at = Advance(at);
        }

        return this with { Chain = at, SkippedKeys = skipped.ToImmutable() };
    }

    /// <summary>Why no key is held for <paramref name="sequence"/>, below the chain (see the remarks on this type).</summary>
    private ProtocolException NoKeyHeld(uint sequence, ReadOnlySpan<byte> ciphertext)
    {
        if (Spent.TryGetValue(sequence, out ulong spent) && spent == CiphertextFingerprint.Of(ciphertext))
        {
            return new ProtocolException(ProtocolErrorCode.Replay, $"the message at group chain index {sequence} was already decrypted");
        }

        return new ProtocolException(ProtocolErrorCode.SupersededChain, $"group chain index {sequence} was spent on another message or never held: the message belongs to another chain");
    }

    /// <summary>
    /// The next chain key; <paramref name="at"/> is disposed unless it is this state's own <see cref="Chain"/>, which
    /// other states may share (SecretBytes ownership rule).
    /// </summary>
    private ChainKey Advance(ChainKey at)
    {
        ChainKey next = at.Next();
        if (!ReferenceEquals(at, Chain))
        {
            at.Dispose();
        }

        return next;
    }

    /// <inheritdoc/>
    public override string ToString() => $"GroupChainState({Chain}, {SkippedKeys.Count} skipped keys, {Spent.Count} spent)";
}
