using System.Collections.Immutable;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Sessions;

/// <summary>
/// The double ratchet of one-to-one sessions (seed 000 §One2one message: asymmetric and symmetric ratchet;
/// REFERENCE-BEHAVIOUR §26, 29, 30). Pure functions from (state, input, randomness) to (new state, output): the given
/// state is never modified, so a failure leaves the caller holding exactly what it had (STYLE #2).
/// Limits follow the whitepaper, not the reference (which has none): see <see cref="ProtocolLimits"/>. A deviant device
/// (<see cref="ProtocolDeviations"/>, never ours) drops some of them or keeps the reference's phantom keys.
/// </summary>
public static class DoubleRatchet
{
    /// <summary>
    /// Encrypts <paramref name="plaintext"/> (already the serialized Plaintext wrapper) on the sender chain
    /// (REFERENCE-BEHAVIOUR §26): mk = MessageKey(CK), CK ← HMAC(CK, 0x02), sending_message_sequence + 1.
    /// Fails with <c>chain_limit_reached</c> once the chain carried <see cref="ProtocolLimits.MaxMessagesPerChain"/> messages
    /// (never with <see cref="ProtocolDeviations.NoChainLimit"/>).
    /// </summary>
    public static (RatchetState State, Wire.One2oneMsgPayload Payload) Encrypt(
        RatchetState state, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, ProtocolDeviations deviations = ProtocolDeviations.None)
    {
        ChainKey chain = state.Sender.ChainKey;
        if (chain.Index >= ProtocolLimits.MaxMessagesPerChain && !deviations.Has(ProtocolDeviations.NoChainLimit))
        {
            throw new ProtocolException(ProtocolErrorCode.ChainLimitReached, $"the sender chain already carried {ProtocolLimits.MaxMessagesPerChain} messages; a new session is needed");
        }

        if (state.SendingMessageSequence == uint.MaxValue)
        {
            throw new ProtocolException(ProtocolErrorCode.CounterOverflow, "sending_message_sequence would overflow");
        }

        byte[] ciphertext;
        using (MessageKey mk = chain.MessageKey())
        {
            ciphertext = AesGcm16.Encrypt(mk, associatedData, plaintext);
        }

        uint sent = state.SendingMessageSequence + 1;
        var payload = new Wire.One2oneMsgPayload
        {
            Sequence = chain.Index,
            Ciphertext = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(ciphertext),
            RatchetKey = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(state.Sender.OurRatchetKey),
            RootSequence = state.RootSequence,
            SendingMessageSequence = sent,
        };
        RatchetState next = state with { SendingMessageSequence = sent, Sender = state.Sender with { ChainKey = chain.Next() } };
        return (next, payload);
    }

    /// <summary>
    /// Decrypts a payload (REFERENCE-BEHAVIOUR §29, 30). With c = payload root_sequence and o = ours: c = o + 1 opens the
    /// peer's next chain (an asymmetric step, then a new sender chain of our own); c = o − 1 continues the current
    /// receiving chain; c &lt; o − 1 can only use a stored skipped key; anything else is rejected.
    /// Randomness is drawn only for the new sender chain of an asymmetric step.
    /// </summary>
    /// <remarks>
    /// A message whose position has no key held fails with one of three codes (the reference has no limits, so only
    /// spent keys, and reports every case alike): <c>evicted_key</c> when the position is in
    /// <see cref="RatchetState.EvictedKeys"/>; <c>replay</c> when we derived that position's key — on the current chain
    /// every index below its position, on a closed chain every index below its end in
    /// <see cref="RatchetState.ClosedChainEnds"/> — and spent it decrypting; <c>superseded_chain</c> when we never derived
    /// it (past a closed chain's end, or on a chain older than those remembered). An honest peer sends one message per
    /// position, so on a position we spent the message is the one we read, or a forgery.
    /// <paramref name="deviations"/> (never ours) lifts the chain limit, the jump and stored-key bounds, or keeps the
    /// reference's phantom previous-chain keys (<see cref="ProtocolDeviations"/>).
    /// <paramref name="opener"/> (default: decrypt) is what is done with the message key found: the harness's adversary reseals
    /// a replacement under it (<see cref="MessageOpener.ResealWith"/>).
    /// </remarks>
    public static (RatchetState State, byte[] Plaintext) Decrypt(
        CipherSuite suite, RatchetState state, ReadOnlySpan<byte> associatedData, Wire.One2oneMsgPayload payload, IRandomSource random,
        ProtocolDeviations deviations = ProtocolDeviations.None, MessageOpener? opener = null)
    {
        opener ??= MessageOpener.Decrypt;
        ReadOnlySpan<byte> ratchetKey = payload.RatchetKey.Span;
        if (ratchetKey.Length != suite.Kem.CiphertextLength)
        {
            throw new ProtocolException(ProtocolErrorCode.WrongKeyLength, $"ratchet_key is {ratchetKey.Length} bytes, {suite.Name} needs {suite.Kem.CiphertextLength}");
        }

        if (suite.IsEcc && !suite.Kem.IsValidPublicKey(ratchetKey))
        {
            throw new ProtocolException(ProtocolErrorCode.InvalidPublicKey, "ratchet_key is not a canonical X25519 public key");
        }

        if (payload.Sequence >= ProtocolLimits.MaxMessagesPerChain && !deviations.Has(ProtocolDeviations.NoChainLimit))
        {
            throw new ProtocolException(ProtocolErrorCode.ChainLimitExceeded, $"sequence {payload.Sequence} is past the chain limit of {ProtocolLimits.MaxMessagesPerChain} messages");
        }

        long c = payload.RootSequence;
        long o = state.RootSequence;
        if (c == o + 1)
        {
            return DecryptOnNewChain(suite, state, associatedData, payload, random, deviations, opener);
        }

        if (c == o - 1 && state.Receiver.ChainKey is not null)
        {
            if (!ratchetKey.SequenceEqual(state.Receiver.TheirRatchetKey))
            {
                throw new ProtocolException(ProtocolErrorCode.RatchetKeyMismatch, "root_sequence names the current receiving chain but ratchet_key is another");
            }

            return payload.Sequence < state.Receiver.ChainKey.Index
                ? DecryptWithSkippedKey(state, associatedData, payload, onCurrentChain: true, opener)
                : DecryptOnCurrentChain(state, associatedData, payload, deviations, opener);
        }

        if (c < o - 1)
        {
            return DecryptWithSkippedKey(state, associatedData, payload, onCurrentChain: false, opener);
        }

        throw new ProtocolException(ProtocolErrorCode.UnexpectedRootSequence, $"root_sequence {c} cannot follow ours ({o})");
    }

    private static (RatchetState, byte[]) DecryptOnCurrentChain(RatchetState state, ReadOnlySpan<byte> ad, Wire.One2oneMsgPayload payload, ProtocolDeviations deviations, MessageOpener opener)
    {
        ReceiverChain receiver = state.Receiver;
        ChainKey from = receiver.ChainKey!;
        CheckJump(payload.Sequence - from.Index, deviations);
        ImmutableList<SkippedMessageKey>.Builder? skipped = ImmutableList.CreateBuilder<SkippedMessageKey>();
        ChainKey at = SkipTo(from, payload.Sequence, receiver.TheirRatchetKey, skipped);
        try
        {
            byte[] plaintext = DecryptAt(at, ad, payload, opener);
            RatchetState next = Store(state, skipped, deviations) with { Receiver = receiver with { ChainKey = at.Next() } };
            skipped = null;
            return (next, plaintext);
        }
        finally
        {
            DisposeDerived(at, from);
            DisposeUncommitted(skipped);
        }
    }

    private static (RatchetState, byte[]) DecryptWithSkippedKey(RatchetState state, ReadOnlySpan<byte> ad, Wire.One2oneMsgPayload payload, bool onCurrentChain, MessageOpener opener)
    {
        ReadOnlySpan<byte> ratchetKey = payload.RatchetKey.Span;
        int found = -1;
        for (int i = 0; i < state.SkippedKeys.Count; i++)
        {
            if (state.SkippedKeys[i].Matches(ratchetKey, payload.Sequence))
            {
                found = i;
                break;
            }
        }

        if (found < 0)
        {
            throw NoKeyHeld(state, payload, onCurrentChain);
        }

        byte[] plaintext;
        using (MessageKey mk = MessageKey.FromBytes(state.SkippedKeys[found].DerivedKey.Span))
        {
            plaintext = opener.Open(mk, ad, payload.Ciphertext.Span);
        }

        return (state with { SkippedKeys = state.SkippedKeys.RemoveAt(found) }, plaintext);
    }

    /// <summary>Why no key is held for the payload's position (see the remarks of <see cref="Decrypt"/>).</summary>
    private static ProtocolException NoKeyHeld(RatchetState state, Wire.One2oneMsgPayload payload, bool onCurrentChain)
    {
        uint index = payload.Sequence;
        ReadOnlySpan<byte> ratchetKey = payload.RatchetKey.Span;
        foreach (KeyPosition evicted in state.EvictedKeys)
        {
            if (evicted.Matches(ratchetKey, index))
            {
                return new ProtocolException(ProtocolErrorCode.EvictedKey, $"the key of chain index {index} was evicted (more than {ProtocolLimits.MaxStoredSkippedKeys} skipped keys stored)");
            }
        }

        if (onCurrentChain)
        {
            return new ProtocolException(ProtocolErrorCode.Replay, $"chain index {index} of the current chain was already decrypted");
        }

        if (state.ClosedChainEnds.TryGetValue(payload.RootSequence, out uint end))
        {
            return index < end
                ? new ProtocolException(ProtocolErrorCode.Replay, $"chain index {index} of the chain at root_sequence {payload.RootSequence} was already decrypted")
                : new ProtocolException(ProtocolErrorCode.SupersededChain, $"the chain at root_sequence {payload.RootSequence} was closed after {end} messages: index {index} was never kept");
        }

        return new ProtocolException(ProtocolErrorCode.SupersededChain, $"root_sequence {payload.RootSequence} names a chain this session no longer remembers (or never had)");
    }

    private static (RatchetState, byte[]) DecryptOnNewChain(
        CipherSuite suite, RatchetState state, ReadOnlySpan<byte> ad, Wire.One2oneMsgPayload payload, IRandomSource random, ProtocolDeviations deviations, MessageOpener opener)
    {
        if (state.RootSequence > uint.MaxValue - 2)
        {
            throw new ProtocolException(ProtocolErrorCode.CounterOverflow, "root_sequence would overflow");
        }

        if (payload.SendingMessageSequence < (long)payload.Sequence + 1)
        {
            throw new ProtocolException(ProtocolErrorCode.InconsistentCounters, $"sending_message_sequence {payload.SendingMessageSequence} is smaller than sequence {payload.Sequence} + 1");
        }

        ReceiverChain receiver = state.Receiver;
        uint newChainStart = payload.SendingMessageSequence - payload.Sequence - 1;

        // Keys of the previous receiving chain that the peer sent but we have not received (REFERENCE-BEHAVIOUR §33, done right).
        // sending_message_sequence is not authenticated: a relay can change it on a message that still decrypts. So a
        // claim that contradicts what we already received is not trusted (no previous-chain keys are kept) rather than
        // rejected, and the chain start recorded below comes from this message alone: one forged counter can cost
        // at most the keys of one chain, never the session.
        long previousMissing = 0;
        long previousKept = 0;
        if (receiver.ChainKey is not null)
        {
            long previousLength = (long)newChainStart - receiver.ChainStart;
            if (previousLength > ProtocolLimits.MaxMessagesPerChain && !deviations.Has(ProtocolDeviations.NoChainLimit))
            {
                throw new ProtocolException(ProtocolErrorCode.ChainLimitExceeded, $"the peer claims its previous chain carried {previousLength} messages");
            }

            previousMissing = Math.Max(0, previousLength - receiver.ChainKey.Index);
            previousKept = PreviousChainKeysKept(previousMissing, newChainStart, receiver.ChainKey.Index, deviations);
        }

        CheckJump(previousMissing + payload.Sequence, deviations);

        // Every secret derived below that the new state does not keep is disposed on the way out (SecretBytes ownership
        // rule); so are the skipped keys when decryption fails (compute, then commit).
        ImmutableList<SkippedMessageKey>.Builder? skipped = ImmutableList.CreateBuilder<SkippedMessageKey>();
        ChainKey? previousEnd = null;
        SecretBytes? rootAfterReceive = null;
        ChainKey? receiving = null;
        ChainKey? at = null;
        try
        {
            if (receiver.ChainKey is not null)
            {
                previousEnd = SkipTo(receiver.ChainKey, (uint)(receiver.ChainKey.Index + previousKept), receiver.TheirRatchetKey, skipped);
            }

            // Asymmetric ratchet, receiving half: secret_input = Decaps(our ratchet private, rk) (ECC: DH).
            byte[] ratchetKey = payload.RatchetKey.ToByteArray();
            (rootAfterReceive, receiving) = RatchetStep(state.RootKey.Span, suite.Kem.Decapsulate(receiver.OurRatchetPrivateKey.Span, ratchetKey));
            at = SkipTo(receiving, payload.Sequence, ratchetKey, skipped);
            byte[] plaintext = DecryptAt(at, ad, payload, opener);

            // Asymmetric ratchet, sending half: a new sender chain of our own (REFERENCE-BEHAVIOUR §30).
            SecretBytes ourReceiverPrivate = receiver.OurRatchetPrivateKey;
            byte[] ourRatchetKey;
            byte[] theirRatchetKey;
            SecretBytes stepSecret;
            if (suite.IsEcc)
            {
                KeyPair fresh = suite.Kem.GenerateKeyPair(random);
                stepSecret = suite.Kem.Decapsulate(fresh.PrivateKey.Span, ratchetKey);
                ourReceiverPrivate = fresh.PrivateKey;
                ourRatchetKey = fresh.PublicKey;
                theirRatchetKey = ratchetKey;
            }
            else
            {
                KemEncapsulation encapsulation = suite.Kem.Encapsulate(state.Sender.TheirRatchetKey, random);
                stepSecret = encapsulation.SharedSecret;
                ourRatchetKey = encapsulation.Ciphertext;
                theirRatchetKey = state.Sender.TheirRatchetKey;
            }

            (SecretBytes rootAfterSend, ChainKey sending) = RatchetStep(rootAfterReceive.Span, stepSecret);
            RatchetState next = Store(state, skipped, deviations) with
            {
                RootKey = rootAfterSend,
                RootSequence = state.RootSequence + 2,
                Sender = new SenderChain(ourRatchetKey, theirRatchetKey, sending),
                Receiver = new ReceiverChain(ratchetKey, ourReceiverPrivate, at.Next(), newChainStart),
                ClosedChainEnds = previousEnd is null ? state.ClosedChainEnds : Close(state, previousEnd.Index),
            };
            skipped = null;
            return (next, plaintext);
        }
        finally
        {
            if (previousEnd is not null)
            {
                DisposeDerived(previousEnd, receiver.ChainKey!);
            }

            rootAfterReceive?.Dispose();
            if (at is not null)
            {
                DisposeDerived(at, receiving!);
            }

            receiving?.Dispose();
            DisposeUncommitted(skipped);
        }
    }

    /// <summary>
    /// One asymmetric ratchet step: (next RK, chain key) = HKDF(secret_input, salt = RK, "RATCHET", 64)
    /// (seed 000 §Asymmetric Ratchet; REFERENCE-BEHAVIOUR §24, 29, 30). Disposes <paramref name="secretInput"/>.
    /// </summary>
    public static (SecretBytes RootKey, ChainKey ChainKey) RatchetStep(ReadOnlySpan<byte> rootKey, SecretBytes secretInput)
    {
        Span<byte> okm = stackalloc byte[2 * ProtocolLimits.ChainKeyLength];
        Kdf.Hkdf(secretInput.Span, rootKey, Kdf.Labels.Ratchet, okm);
        secretInput.Dispose();
        var result = (SecretBytes.Copy(okm[..ProtocolLimits.ChainKeyLength]), ChainKey.Create(0, okm[ProtocolLimits.ChainKeyLength..]));
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(okm);
        return result;
    }

    /// <summary>
    /// How many keys of the previous receiving chain are kept when a new one opens: the genuinely missing ones, or — with
    /// <see cref="ProtocolDeviations.PhantomSkippedKeys"/> — the reference's count with <c>received_message_sequence</c>
    /// never advanced: <paramref name="newChainStart"/> keys from the old chain's current index (REFERENCE-BEHAVIOUR §33),
    /// of which the missing ones are a prefix.
    /// </summary>
    private static long PreviousChainKeysKept(long previousMissing, uint newChainStart, uint index, ProtocolDeviations deviations)
    {
        if (!deviations.Has(ProtocolDeviations.PhantomSkippedKeys))
        {
            return previousMissing;
        }

        long kept = Math.Max(previousMissing, newChainStart);
        if (index + kept > uint.MaxValue)
        {
            throw new ProtocolException(ProtocolErrorCode.CounterOverflow, $"keeping {kept} previous-chain keys from index {index} would overflow the chain index");
        }

        return kept;
    }

    private static void CheckJump(long newSkipped, ProtocolDeviations deviations)
    {
        if (newSkipped > ProtocolLimits.MaxForwardJump && !deviations.Has(ProtocolDeviations.UnboundedSkippedKeys))
        {
            throw new ProtocolException(ProtocolErrorCode.JumpTooFar, $"decrypting would skip {newSkipped} message keys (at most {ProtocolLimits.MaxForwardJump})");
        }
    }

    /// <summary>
    /// Adds newly skipped keys, evicting the oldest stored ones beyond <see cref="ProtocolLimits.MaxStoredSkippedKeys"/>
    /// (as libsignal does) and remembering where (<see cref="RatchetState.EvictedKeys"/>, within the same bound).
    /// Rejecting instead would let a lossy link, or a relay forging the unauthenticated counters, wedge the session for
    /// good once the store is full. With <see cref="ProtocolDeviations.UnboundedSkippedKeys"/> nothing is evicted.
    /// </summary>
    private static RatchetState Store(RatchetState state, IReadOnlyList<SkippedMessageKey> added, ProtocolDeviations deviations)
    {
        ImmutableList<SkippedMessageKey> all = state.SkippedKeys.AddRange(added);
        int excess = all.Count - ProtocolLimits.MaxStoredSkippedKeys;
        if (excess <= 0 || deviations.Has(ProtocolDeviations.UnboundedSkippedKeys))
        {
            return state with { SkippedKeys = all };
        }

        // Keys derived by this message and evicted at once (more than the bound, with phantom-skipped-keys) belong to no
        // state: dispose them here. Evicted keys of the state given stay theirs (it may still be in use).
        foreach (SkippedMessageKey unkept in all.Take(excess).Skip(state.SkippedKeys.Count))
        {
            unkept.DerivedKey.Dispose();
        }

        ImmutableList<KeyPosition> evicted = state.EvictedKeys.AddRange(all.Take(excess).Select(k => new KeyPosition(k.RatchetKey, k.Index)));
        int forgotten = evicted.Count - ProtocolLimits.MaxStoredSkippedKeys;
        return state with
        {
            SkippedKeys = all.RemoveRange(0, excess),
            EvictedKeys = forgotten > 0 ? evicted.RemoveRange(0, forgotten) : evicted,
        };
    }

    /// <summary>
    /// Records that the current receiving chain (the peer's root sequence is ours − 1) closes after <paramref name="end"/>
    /// derived positions, forgetting the oldest record beyond <see cref="ProtocolLimits.MaxRememberedClosedChains"/>.
    /// </summary>
    private static ImmutableSortedDictionary<uint, uint> Close(RatchetState state, uint end)
    {
        if (state.RootSequence == 0)
        {
            return state.ClosedChainEnds; // no chain of the peer's can precede root_sequence 0
        }

        ImmutableSortedDictionary<uint, uint> ends = state.ClosedChainEnds.SetItem(state.RootSequence - 1, end);
        return ends.Count > ProtocolLimits.MaxRememberedClosedChains ? ends.Remove(ends.Keys.First()) : ends;
    }

    /// <summary>
    /// Advances <paramref name="from"/> to <paramref name="index"/>, keeping the message key of every index passed. The
    /// chain keys passed on the way are disposed as soon as the next one is derived; the one returned is
    /// <paramref name="from"/> itself or a new key the caller disposes once it is no longer needed.
    /// </summary>
    private static ChainKey SkipTo(ChainKey from, uint index, byte[] ratchetKey, ImmutableList<SkippedMessageKey>.Builder skipped)
    {
        ChainKey at = from;
        while (at.Index < index)
        {
            using (MessageKey mk = at.MessageKey())
            {
                skipped.Add(new SkippedMessageKey(ratchetKey, at.Index, SecretBytes.Copy(mk.Bytes)));
            }

            ChainKey next = at.Next();
            DisposeDerived(at, from);
            at = next;
        }

        return at;
    }

    /// <summary>Disposes <paramref name="derived"/> unless it is <paramref name="held"/>, the key a state holds.</summary>
    private static void DisposeDerived(ChainKey derived, ChainKey held)
    {
        if (!ReferenceEquals(derived, held))
        {
            derived.Dispose();
        }
    }

    /// <summary>Wipes skipped keys that never made it into a committed state (null once committed).</summary>
    private static void DisposeUncommitted(ImmutableList<SkippedMessageKey>.Builder? skipped)
    {
        if (skipped is null)
        {
            return;
        }

        foreach (SkippedMessageKey key in skipped)
        {
            key.DerivedKey.Dispose();
        }
    }

    private static byte[] DecryptAt(ChainKey at, ReadOnlySpan<byte> ad, Wire.One2oneMsgPayload payload, MessageOpener opener)
    {
        using MessageKey mk = at.MessageKey();
        return opener.Open(mk, ad, payload.Ciphertext.Span);
    }
}
