using System.Collections.Immutable;
using System.Reflection;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Client.State;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Client;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// <see cref="DeviceStateCodec"/>: lossless (re-encoding gives the same bytes, an independent dump agrees, and the
/// restored state behaves exactly as the original: it decrypts held-back and next messages, completes a pending
/// handshake and encrypts the same bytes), deterministic, and hostile-input safe (truncations and byte flips give a
/// state or <see cref="ProtocolException"/>, never anything else).
/// </summary>
[TestFixtureSource(nameof(Suites))]
public sealed class DeviceStateCodecTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    public static readonly string[] Suites = ["ecc", "pqc"];


    private RichSample Sample([System.Runtime.CompilerServices.CallerMemberName] string test = "") => DeviceStateSamples.Rich(Suite, test);

    private static DeviceState RoundTrip(DeviceState state) => DeviceStateCodec.Decode(DeviceStateCodec.Encode(state));

    private static void SameBytes(byte[] actual, byte[] expected, string because)
    {
        if (actual.AsSpan().SequenceEqual(expected))
        {
            return;
        }

        int i = 0;
        while (i < actual.Length && i < expected.Length && actual[i] == expected[i])
        {
            i++;
        }

        Assert.Fail($"{because}: {actual.Length} bytes vs {expected.Length} expected, first difference at {i}");
    }

    private static void SameState(DeviceState actual, DeviceState expected, string because) =>
        SameBytes(DeviceStateCodec.Encode(actual), DeviceStateCodec.Encode(expected), because);

    // ------------------------------------------------------------------------------------------ lossless

    [Test]
    public void The_sample_holds_every_kind_of_thing_a_state_can_hold()
    {
        RichSample sample = Sample();
        DeviceState s = sample.State;

        s.Account.SignedPreKeys.Should().HaveCount(2);
        s.Account.OneTimePreKeys.Count(k => k.Used).Should().Be(2);
        sample.AliceSession.Ratchet.SkippedKeys.Should().HaveCount(2, "Bob's messages 0 and 2 were held back");
        sample.AliceSession.Ratchet.Receiver.ChainKey.Should().NotBeNull();
        (sample.AwaitingCarol.Pending is PendingKemHandshake).Should().Be(!Suite.IsEcc);
        (sample.AwaitingCarol.Pending is PendingDhHandshake).Should().Be(Suite.IsEcc);
        s.PeerOf(DeviceStateSamples.CarolAddress).Waiting.Should().HaveCount(2);
        sample.AliceGroup.Retired.Should().HaveCount(1, "the removal retired the first group session");
        sample.AliceGroup.Retired[0].Session.Receivers.Values.Should().Contain(r => !r.Current.SkippedKeys.IsEmpty, "Bob's first group message is still in flight");
        sample.AliceGroup.Current.Receivers.Values.SelectMany(r => r.Retired).Should().Contain(r => r.ReplacedByAdd);
        s.GroupOf(DeviceStateSamples.SecondGroupAddress).Keys.Should().BeNull();
        s.GroupOf(DeviceStateSamples.SecondGroupAddress).PendingSeeds.Should().HaveCount(1);
        s.GroupOf(DeviceStateSamples.SecondGroupAddress).PendingUpdates.Should().NotBeEmpty();
        s.Processed.Should().HaveCount(3);
        s.Outbox.Should().HaveCount(2);
    }

    [Test]
    public void Decoding_then_encoding_gives_the_same_bytes()
    {
        DeviceState state = Sample().State;
        byte[] encoded = DeviceStateCodec.Encode(state);

        DeviceState decoded = DeviceStateCodec.Decode(encoded);

        SameBytes(DeviceStateCodec.Encode(decoded), encoded, "Decode(Encode(s)) re-encodes to the same bytes");
        SameBytes(DeviceStateCodec.Encode(RoundTrip(decoded)), encoded, "and again");
    }

    [Test]
    public void The_decoded_state_holds_the_same_values()
    {
        RichSample sample = Sample();
        DeviceState original = sample.State;
        DeviceState decoded = RoundTrip(original);

        decoded.Suite.Should().BeSameAs(original.Suite, "a named suite comes back as its one instance");
        decoded.Version.Should().BeSameAs(ProtocolVersion.E2ees);
        Addresses.SameDevice(decoded.Address, original.Address).Should().BeTrue();
        decoded.Address.Should().Be(original.Address);
        decoded.Token.Should().Be(original.Token);
        decoded.Processed.Should().Equal(original.Processed);
        decoded.Outbox.Select(o => o.Kind).Should().Equal(original.Outbox.Select(o => o.Kind));
        decoded.Outbox.Select(o => Convert.ToHexString(o.Request)).Should().Equal(original.Outbox.Select(o => Convert.ToHexString(o.Request)));
        decoded.Peers.Keys.Should().BeEquivalentTo(original.Peers.Keys);
        decoded.Groups.Keys.Should().BeEquivalentTo(original.Groups.Keys);

        // Account: every key byte, ids, flags, expiries.
        Account a = decoded.Account;
        Account b = original.Account;
        a.Suite.Should().BeSameAs(b.Suite);
        a.NextOneTimePreKeyId.Should().Be(b.NextOneTimePreKeyId);
        SamePair(a.Identity.Asym, b.Identity.Asym);
        SamePair(a.Identity.Sign, b.Identity.Sign);
        a.SignedPreKeys.Select(k => (k.Id, k.ExpiresAtMs, Convert.ToHexString(k.Signature))).Should().Equal(b.SignedPreKeys.Select(k => (k.Id, k.ExpiresAtMs, Convert.ToHexString(k.Signature))));
        a.OneTimePreKeys.Select(k => (k.Id, k.Used)).Should().Equal(b.OneTimePreKeys.Select(k => (k.Id, k.Used)));
        for (int i = 0; i < b.OneTimePreKeys.Count; i++)
        {
            SamePair(a.OneTimePreKeys[i].KeyPair, b.OneTimePreKeys[i].KeyPair);
        }

        // Sessions: info and every ratchet secret.
        var session = (EstablishedSession)decoded.PeerOf(TwoParties.BobAddress).Sessions.Single();
        SameInfo(session.Info, sample.AliceSession.Info);
        SameRatchet(session.Ratchet, sample.AliceSession.Ratchet);
        var awaiting = (AwaitingAcceptSession)decoded.PeerOf(DeviceStateSamples.CarolAddress).Sessions.Single();
        SameInfo(awaiting.Info, sample.AwaitingCarol.Info);
        switch ((awaiting.Pending, sample.AwaitingCarol.Pending))
        {
            case (PendingKemHandshake x, PendingKemHandshake y):
                x.PartialSecret.Should().Be(y.PartialSecret);
                SamePair(x.BaseKey, y.BaseKey);
                x.TheirSignedPreKey.Should().Equal(y.TheirSignedPreKey);
                break;
            case (PendingDhHandshake x, PendingDhHandshake y):
                SameRatchet(x.Ratchet, y.Ratchet);
                x.TheirSignedPreKey.Should().Equal(y.TheirSignedPreKey);
                break;
            default:
                Assert.Fail($"pending handshake {awaiting.Pending.GetType().Name}, expected {sample.AwaitingCarol.Pending.GetType().Name}");
                break;
        }

        decoded.PeerOf(DeviceStateSamples.CarolAddress).Waiting.Should().Equal(original.PeerOf(DeviceStateSamples.CarolAddress).Waiting);

        // Groups: the independent dump (every chain, skipped key, retired chain and session) agrees.
        GroupStateDump.Of(decoded.GroupOf(GroupParty.GroupAddress).Keys!).Should().Be(GroupStateDump.Of(sample.AliceGroup));
        decoded.GroupOf(GroupParty.GroupAddress).Keys!.Current.Suite.Should().BeSameAs(Suite);
        foreach ((string key, DeviceGroup group) in original.Groups)
        {
            DeviceGroup other = decoded.Groups[key];
            other.Key.Should().Be(group.Key);
            other.GroupAddress.Should().Be(group.GroupAddress);
            other.AwaitingJoin.Should().Be(group.AwaitingJoin);
            other.Members.Select(m => (m.Key, Convert.ToHexString(m.SignPublicKey))).Should().Equal(group.Members.Select(m => (m.Key, Convert.ToHexString(m.SignPublicKey))));
            other.PendingSeeds.Should().Equal(group.PendingSeeds);
            other.PendingUpdates.Should().Equal(group.PendingUpdates);
        }
    }

    private static void SamePair(KeyPair actual, KeyPair expected)
    {
        actual.PublicKey.Should().Equal(expected.PublicKey);
        actual.PrivateKey.Should().Be(expected.PrivateKey);
    }

    private static void SameInfo(SessionInfo actual, SessionInfo expected)
    {
        actual.SessionId.Should().Be(expected.SessionId);
        actual.Suite.Should().BeSameAs(expected.Suite);
        actual.Version.Should().BeSameAs(expected.Version);
        actual.OurAddress.Should().Be(expected.OurAddress);
        actual.TheirAddress.Should().Be(expected.TheirAddress);
        actual.AssociatedData.Should().Equal(expected.AssociatedData);
        actual.Fingerprint.Should().Equal(expected.Fingerprint);
        actual.InviteT.Should().Be(expected.InviteT);
        actual.BobSignedPreKeyId.Should().Be(expected.BobSignedPreKeyId);
        actual.BobOneTimePreKeyId.Should().Be(expected.BobOneTimePreKeyId);
    }

    private static void SameRatchet(RatchetState actual, RatchetState expected)
    {
        actual.RootKey.Should().Be(expected.RootKey);
        actual.RootSequence.Should().Be(expected.RootSequence);
        actual.SendingMessageSequence.Should().Be(expected.SendingMessageSequence);
        actual.Sender.OurRatchetKey.Should().Equal(expected.Sender.OurRatchetKey);
        actual.Sender.TheirRatchetKey.Should().Equal(expected.Sender.TheirRatchetKey);
        actual.Sender.ChainKey.Should().Be(expected.Sender.ChainKey);
        actual.Receiver.TheirRatchetKey.Should().Equal(expected.Receiver.TheirRatchetKey);
        actual.Receiver.OurRatchetPrivateKey.Should().Be(expected.Receiver.OurRatchetPrivateKey);
        actual.Receiver.ChainKey.Should().Be(expected.Receiver.ChainKey);
        actual.Receiver.ChainStart.Should().Be(expected.Receiver.ChainStart);
        actual.SkippedKeys.Select(k => (Convert.ToHexString(k.RatchetKey), k.Index, Convert.ToHexString(k.DerivedKey.Span)))
            .Should().Equal(expected.SkippedKeys.Select(k => (Convert.ToHexString(k.RatchetKey), k.Index, Convert.ToHexString(k.DerivedKey.Span))));
    }

    [Test]
    public void A_receiver_chain_not_opened_yet_stays_null()
    {
        // Bob's side right after the accept, before Alice's first message: no receiving chain yet (ECC) — or, in
        // either suite, a hand-made ratchet without one.
        TwoParties two = TwoParties.Establish(Suite, "no receiver chain");
        EstablishedSession bob = two.BobSession with { Ratchet = two.BobSession.Ratchet with { Receiver = two.BobSession.Ratchet.Receiver with { ChainKey = null } } };
        DeviceState state = DeviceStateSamples.Typical(Suite).WithPeer(new PeerSessions(TwoParties.AliceAddress.Clone(), [bob], []));

        var decoded = (EstablishedSession)RoundTrip(state).PeerOf(TwoParties.AliceAddress).Sessions.Single();

        decoded.Ratchet.Receiver.ChainKey.Should().BeNull();
        SameRatchet(decoded.Ratchet, bob.Ratchet);
    }

    [Test]
    public void Protocol_versions_come_back_as_the_known_instances_or_as_equal_records()
    {
        DeviceState state = Sample().State;
        var custom = new ProtocolVersion("custom", "P", "T");

        RoundTrip(state with { Version = ProtocolVersion.Skissm }).Version.Should().BeSameAs(ProtocolVersion.Skissm);
        ProtocolVersion back = RoundTrip(state with { Version = custom }).Version;
        back.Should().Be(custom);
        back.Should().NotBeSameAs(ProtocolVersion.E2ees);
    }

    // ------------------------------------------------------------------------------------------ behaviour

    [Test]
    public void A_restored_session_decrypts_held_back_and_next_messages_exactly_as_the_original()
    {
        RichSample sample = Sample();
        EstablishedSession original = sample.AliceSession;
        var restored = (EstablishedSession)RoundTrip(sample.State).PeerOf(TwoParties.BobAddress).Sessions.Single();
        TwoParties one = sample.OneToOne;

        // The held-back messages decrypt with the skipped keys; Bob's next message on the same chain.
        List<Wire.E2eeMsg> toAlice = [sample.HeldBack[1], one.BobSends("next on the chain"), sample.HeldBack[0]];

        // Alice answers (a new sending chain for her), Bob replies (a ratchet step on Alice's side).
        int step = 0;
        foreach (Wire.E2eeMsg message in toAlice)
        {
            (original, Wire.Plaintext p1) = original.Decrypt(message, new ReferenceStreamRandom($"decrypt {step}"));
            (restored, Wire.Plaintext p2) = restored.Decrypt(message, new ReferenceStreamRandom($"decrypt {step}"));
            p2.Should().Be(p1);
            SameSession(restored, original, $"after decrypting message {step}");
            step++;
        }

        (original, Wire.E2eeMsg m1) = original.EncryptCommon("alice answers"u8, new ReferenceStreamRandom("encrypt"));
        (restored, Wire.E2eeMsg m2) = restored.EncryptCommon("alice answers"u8, new ReferenceStreamRandom("encrypt"));
        m2.ToByteArray().Should().Equal(m1.ToByteArray(), "the restored session encrypts the same bytes");
        one.BobReceives(m2).Should().Be("alice answers");

        Wire.E2eeMsg reply = one.BobSends("bob replies after a step");
        (original, Wire.Plaintext r1) = original.Decrypt(reply, new ReferenceStreamRandom("step"));
        (restored, Wire.Plaintext r2) = restored.Decrypt(reply, new ReferenceStreamRandom("step"));
        TwoParties.Text(r2).Should().Be("bob replies after a step");
        r2.Should().Be(r1);
        SameSession(restored, original, "after the ratchet step");
    }

    private DeviceState? _sessionHolder;

    /// <summary>Compares two sessions by the bytes of a state holding only the one or the other.</summary>
    private void SameSession(OneToOneSession actual, OneToOneSession expected, string because)
    {
        DeviceState baseState = _sessionHolder ??= DeviceStateSamples.Typical(Suite) with { Peers = ImmutableDictionary<string, PeerSessions>.Empty };
        SameState(
            baseState.WithPeer(new PeerSessions(TwoParties.BobAddress.Clone(), [actual], [])),
            baseState.WithPeer(new PeerSessions(TwoParties.BobAddress.Clone(), [expected], [])),
            because);
    }

    [Test]
    public void A_restored_pending_session_completes_with_the_accept_exactly_as_the_original()
    {
        RichSample sample = Sample();
        DeviceState restoredState = RoundTrip(sample.State);
        var restored = (AwaitingAcceptSession)restoredState.PeerOf(DeviceStateSamples.CarolAddress).Sessions.Single();
        var carolRandom = new ReferenceStreamRandom("carol accepts");
        (Account _, EstablishedSession carolSession, Wire.AcceptMsg accept) = SessionResponder.Accept(
            sample.Carol,
            DeviceStateSamples.CarolAddress,
            TwoParties.AsDeliveredByServer(sample.Invite, sample.State.Account),
            carolRandom);

        EstablishedSession completedOriginal = sample.AwaitingCarol.Complete(sample.State.Account, accept, new ReferenceStreamRandom("complete"));
        EstablishedSession completedRestored = restored.Complete(restoredState.Account, accept, new ReferenceStreamRandom("complete"));

        SameSession(completedRestored, completedOriginal, "completed from the restored pending handshake");
        (EstablishedSession _, Wire.E2eeMsg fromAlice) = completedRestored.EncryptCommon("hi carol"u8, new ReferenceStreamRandom("to carol"));
        (EstablishedSession _, Wire.Plaintext text) = carolSession.Decrypt(fromAlice, carolRandom);
        TwoParties.Text(text).Should().Be("hi carol");
    }

    [Test]
    public void A_restored_group_state_decrypts_in_flight_and_next_group_messages_exactly_as_the_original()
    {
        RichSample sample = Sample();
        GroupState original = sample.AliceGroup;
        GroupState restored = RoundTrip(sample.State).GroupOf(GroupParty.GroupAddress).Keys!;
        GroupParty group = sample.Group;

        List<(string Expected, Wire.E2eeMsg Message)> messages =
        [
            ("g0", sample.InFlightOldSession),          // the retired session (the removal)
            ("before the add", sample.InFlightBeforeAdd), // a retired chain (the add)
            ("bob next", group.Send("bob", "bob next")),
            ("erin next", group.Send("erin", "erin next")),
        ];

        foreach ((string expected, Wire.E2eeMsg message) in messages)
        {
            (original, GroupMember s1, byte[] t1) = original.Decrypt(message, GroupParty.NowMs);
            (restored, GroupMember s2, byte[] t2) = restored.Decrypt(message, GroupParty.NowMs);
            DeviceStateSamples.Text(t2).Should().Be(expected);
            t2.Should().Equal(t1);
            s2.Key.Should().Be(s1.Key);
            GroupStateDump.Of(restored).Should().Be(GroupStateDump.Of(original), $"after {expected}");
        }

        Account alice = group["alice"].Account;
        (GroupSession _, Wire.E2eeMsg m1) = original.Current.Encrypt(alice, "from alice"u8, new ReferenceStreamRandom("group encrypt"));
        (GroupSession _, Wire.E2eeMsg m2) = restored.Current.Encrypt(alice, "from alice"u8, new ReferenceStreamRandom("group encrypt"));
        m2.ToByteArray().Should().Equal(m1.ToByteArray());
        group.Receive("bob", m2).Should().Be("from alice");
    }

    // ------------------------------------------------------------------------------------------ determinism

    [Test]
    public void Encoding_the_same_state_twice_gives_the_same_bytes()
    {
        DeviceState state = Sample().State;
        SameBytes(DeviceStateCodec.Encode(state), DeviceStateCodec.Encode(state), "encoding is deterministic");
    }

    [Test]
    public void The_bytes_do_not_depend_on_dictionary_insertion_order_or_comparer()
    {
        DeviceState state = Sample().State;
        DeviceState reordered = state with
        {
            Peers = ImmutableDictionary.CreateRange(StringComparer.InvariantCulture, state.Peers.OrderByDescending(kv => kv.Key, StringComparer.Ordinal)),
            Groups = ImmutableDictionary.CreateRange(state.Groups.OrderByDescending(kv => kv.Key, StringComparer.Ordinal)),
        };
        DeviceGroup g = reordered.Groups[GroupMember.AddressKey(GroupParty.GroupAddress)];
        GroupSession current = g.Keys!.Current;
        reordered = reordered.WithGroup(g with
        {
            Keys = g.Keys with
            {
                Current = current with { Receivers = ImmutableDictionary.CreateRange(current.Receivers.OrderByDescending(kv => kv.Key, StringComparer.Ordinal)) },
            },
        });

        SameBytes(DeviceStateCodec.Encode(reordered), DeviceStateCodec.Encode(state), "dictionaries are written sorted by key");
    }

    [Test]
    public void The_same_history_gives_the_same_bytes()
    {
        SameBytes(DeviceStateCodec.Encode(DeviceStateSamples.Rich(Suite, "history").State), DeviceStateCodec.Encode(DeviceStateSamples.Rich(Suite, "history").State), "two runs of the same steps");
    }

    // ------------------------------------------------------------------------------------------ hostile input

    /// <summary>The sample with only 3 one-time pre-keys, so that every prefix can be tried quickly.</summary>
    private DeviceState Compact()
    {
        DeviceState state = Sample("compact").State;
        return state with { Account = state.Account with { OneTimePreKeys = state.Account.OneTimePreKeys.RemoveRange(3, state.Account.OneTimePreKeys.Count - 3) } };
    }

    private static bool DecodesOrRejects(byte[] bytes, out Exception? other)
    {
        other = null;
        try
        {
            DeviceState decoded = DeviceStateCodec.Decode(bytes);
            _ = DeviceStateCodec.Encode(decoded); // what decodes is a state that encodes again
            return true;
        }
        catch (ProtocolException e) when (e.Code == ProtocolErrorCode.MalformedMessage)
        {
            return false;
        }
        catch (Exception e)
        {
            other = e;
            return false;
        }
    }

    [Test]
    public void Every_truncated_prefix_decodes_to_a_state_or_is_rejected_as_malformed()
    {
        byte[] encoded = DeviceStateCodec.Encode(Compact());
        int decoded = 0;
        var others = new List<string>();
        for (int length = 0; length < encoded.Length; length++)
        {
            if (DecodesOrRejects(encoded[..length], out Exception? other))
            {
                decoded++;
            }
            else if (other is not null && others.Count < 5)
            {
                others.Add($"prefix {length}: {other.GetType().Name}: {other.Message}");
            }
        }

        others.Should().BeEmpty();
        TestContext.Out.WriteLine($"{encoded.Length} prefixes: {decoded} decoded to a state, the rest rejected as malformed_message");
        decoded.Should().BeLessThan(encoded.Length / 10, "most prefixes cut a required part");
    }

    [Test]
    public void Random_byte_flips_decode_to_a_state_or_are_rejected_as_malformed()
    {
        byte[] encoded = DeviceStateCodec.Encode(Compact());
        var random = new Random(20_250_101);
        int decoded = 0;
        var others = new List<string>();
        const int Trials = 3000;
        for (int trial = 0; trial < Trials; trial++)
        {
            byte[] copy = (byte[])encoded.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                int at = random.Next(copy.Length);
                copy[at] = random.Next(2) == 0 ? (byte)(copy[at] ^ (1 << random.Next(8))) : (byte)random.Next(256);
            }

            if (DecodesOrRejects(copy, out Exception? other))
            {
                decoded++;
            }
            else if (other is not null && others.Count < 5)
            {
                others.Add($"trial {trial}: {other.GetType().Name}: {other.Message}");
            }
        }

        others.Should().BeEmpty();
        TestContext.Out.WriteLine($"{Trials} corrupted copies: {decoded} decoded to a state, {Trials - decoded} rejected as malformed_message");
    }

    [Test]
    public void Junk_is_rejected_as_malformed()
    {
        var random = new Random(7);
        for (int i = 0; i < 500; i++)
        {
            byte[] junk = new byte[random.Next(0, 200)];
            random.NextBytes(junk);
            DecodesOrRejects(junk, out Exception? other);
            other.Should().BeNull();
        }
    }

    [Test]
    public void An_unknown_format_version_is_rejected()
    {
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(DeviceStateSamples.Typical(Suite)));
        stored.FormatVersion.Should().Be(DeviceStateCodec.FormatVersion);
        stored.FormatVersion = 2;

        Action decode = () => DeviceStateCodec.Decode(stored.ToByteArray());

        decode.Should().Throw<ProtocolException>()
            .Where(e => e.Code == ProtocolErrorCode.MalformedMessage && e.Message.Contains("format version 2 is not supported", StringComparison.Ordinal));
    }

    [Test]
    public void A_snapshot_without_a_format_version_is_rejected()
    {
        Action empty = () => DeviceStateCodec.Decode([]);
        empty.Should().Throw<ProtocolException>().Where(e => e.Code == ProtocolErrorCode.MalformedMessage && e.Message.Contains("no format version", StringComparison.Ordinal));
    }

    private static IEnumerable<TestCaseData> Corruptions()
    {
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.PackId = 0x00ff_0001), "unsupported suite").SetName("an unsupported suite");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Account.PackId = 0x0700_0001), "unsupported suite").SetName("an unsupported account suite");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Account = null), "account is missing").SetName("no account");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Account.SignedPreKeys.Clear()), "no signed pre-key").SetName("no signed pre-key");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Address = null), "device address is missing").SetName("no address");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Peers.Add(s.Peers[0].Clone())), "appears twice").SetName("a peer twice");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Peers[0].Value.Sessions[0].Established.Sender.ChainKey.Key = ByteString.CopyFrom(new byte[31])), "chain key is 31 bytes").SetName("a short chain key");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Peers[0].Value.Sessions[0].ClearState()), "neither established nor awaiting").SetName("a session without state");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Outbox.Add(new StoredOutboxItem { Kind = 99 })), "kind 99 is unknown").SetName("an unknown outbox kind");
        yield return new TestCaseData((Action<StoredDeviceState>)(s => s.Outbox.Add(new StoredOutboxItem { Kind = (int)RequestType.RegisterUser })), "kind 8 is unknown").SetName("a request a device never queues");
    }

    [TestCaseSource(nameof(Corruptions))]
    public void Structurally_wrong_snapshots_are_rejected_as_malformed(Action<StoredDeviceState> corrupt, string expected)
    {
        StoredDeviceState stored = StoredDeviceState.Parser.ParseFrom(DeviceStateCodec.Encode(DeviceStateSamples.Typical(Suite)));
        corrupt(stored);

        Action decode = () => DeviceStateCodec.Decode(stored.ToByteArray());

        decode.Should().Throw<ProtocolException>().Where(e => e.Code == ProtocolErrorCode.MalformedMessage && e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Test]
    public void A_string_that_is_not_utf8_is_rejected_as_malformed()
    {
        // Token "abc" with its bytes replaced by an invalid UTF-8 sequence of the same length.
        byte[] encoded = DeviceStateCodec.Encode(DeviceStateSamples.Typical(Suite) with { Token = "\u0001\u0002\u0003" });
        int at = encoded.AsSpan().IndexOf("\u0001\u0002\u0003"u8);
        at.Should().BePositive();
        encoded[at] = 0xC3;
        encoded[at + 1] = 0x28;

        Action decode = () => DeviceStateCodec.Decode(encoded);

        decode.Should().Throw<ProtocolException>().Where(e => e.Code == ProtocolErrorCode.MalformedMessage);
    }

    // ------------------------------------------------------------------------------------------ size

    [Test]
    public void Size_of_a_typical_state()
    {
        byte[] encoded = DeviceStateCodec.Encode(DeviceStateSamples.Typical(Suite));
        byte[] rich = DeviceStateCodec.Encode(Sample().State);
        TestContext.Out.WriteLine($"{Suite.Name}: typical device state (account with 100 one-time pre-keys, one session) = {encoded.Length:N0} bytes; rich sample = {rich.Length:N0} bytes");
        encoded.Length.Should().BePositive();
    }
}

/// <summary>Guards that the codec stays complete: a record that gains a field fails here until the codec writes it.</summary>
public sealed class DeviceStateCodecCoverageTests
{
    /// <summary>The primary-constructor parameters of every record the codec writes, as it writes them.</summary>
    private static readonly Dictionary<Type, string[]> Written = new()
    {
        [typeof(DeviceState)] = ["Suite", "Version", "Address", "Token", "Account", "Peers", "Groups", "Processed", "Outbox"],
        [typeof(OutboxItem)] = ["Kind", "Request"],
        [typeof(PeerSessions)] = ["Peer", "Sessions", "Waiting"],
        [typeof(DeviceGroup)] = ["GroupAddress", "Keys", "Members", "PendingSeeds", "PendingUpdates", "AwaitingJoin"],
        [typeof(Account)] = ["Suite", "Identity", "SignedPreKeys", "OneTimePreKeys", "NextOneTimePreKeyId"],
        [typeof(IdentityKey)] = ["Asym", "Sign"],
        [typeof(SignedPreKey)] = ["Id", "KeyPair", "Signature", "ExpiresAtMs"],
        [typeof(OneTimePreKey)] = ["Id", "KeyPair", "Used"],
        [typeof(KeyPair)] = ["publicKey", "privateKey"],
        [typeof(ProtocolVersion)] = ["Name", "Protocol", "Plaintext"],
        [typeof(SessionInfo)] = ["SessionId", "Suite", "Version", "OurAddress", "TheirAddress", "AssociatedData", "Fingerprint", "InviteT", "BobSignedPreKeyId", "BobOneTimePreKeyId"],
        [typeof(EstablishedSession)] = ["Info", "Ratchet"],
        [typeof(AwaitingAcceptSession)] = ["Info", "Pending"],
        [typeof(PendingKemHandshake)] = ["PartialSecret", "BaseKey", "TheirSignedPreKey"],
        [typeof(PendingDhHandshake)] = ["Ratchet", "TheirSignedPreKey"],
        [typeof(RatchetState)] = ["RootKey", "RootSequence", "SendingMessageSequence", "Sender", "Receiver", "SkippedKeys"],
        [typeof(SenderChain)] = ["OurRatchetKey", "TheirRatchetKey", "ChainKey"],
        [typeof(ReceiverChain)] = ["TheirRatchetKey", "OurRatchetPrivateKey", "ChainKey", "ChainStart"],
        [typeof(SkippedMessageKey)] = ["RatchetKey", "Index", "DerivedKey"],
        [typeof(GroupState)] = ["Current", "Retired"],
        [typeof(RetiredGroupSession)] = ["Session", "RetiredAtMs"],
        [typeof(GroupSession)] = ["Suite", "Version", "SessionId", "GroupInfo", "Owner", "OwnChain", "Receivers"],
        [typeof(GroupReceiverChain)] = ["Member", "Current", "Retired"],
        [typeof(GroupChainState)] = ["Chain", "SkippedKeys"],
        [typeof(RetiredGroupChain)] = ["State", "RetiredAtMs", "ReplacedByAdd"],
        [typeof(GroupMember)] = ["Address", "SignPublicKey"],
    };

    [Test]
    public void Every_record_field_is_written()
    {
        foreach ((Type type, string[] fields) in Written)
        {
            ConstructorInfo constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
                .Where(c => !(c.GetParameters() is [{ } only] && only.ParameterType == type))
                .OrderByDescending(c => c.GetParameters().Length)
                .First();
            constructor.GetParameters().Select(p => p.Name).Should().Equal(fields, $"DeviceStateCodec writes these fields of {type.Name}");
        }
    }

    [Test]
    public void Every_kind_of_session_and_pending_handshake_is_written()
    {
        Type[] types = typeof(DeviceState).Assembly.GetTypes();
        types.Where(t => t.IsSubclassOf(typeof(OneToOneSession))).Should().BeEquivalentTo([typeof(EstablishedSession), typeof(AwaitingAcceptSession)]);
        types.Where(t => t.IsSubclassOf(typeof(PendingHandshake))).Should().BeEquivalentTo([typeof(PendingKemHandshake), typeof(PendingDhHandshake)]);
    }

    [Test]
    public void The_outbox_keeps_the_request_numbers_it_was_first_saved_with()
    {
        Enum.GetValues<RequestType>().Where(OutboxItem.IsQueued).Select(t => ((int)t, t.ToString())).Should().Equal(
            [(1, "PublishSpk"), (2, "SupplyOpks"), (3, "Invite"), (4, "Accept"), (5, "SendOne2oneMsg"), (6, "SendGroupMsg"), (7, "ConsumeProtoMsg")],
            "a saved outbox stores a request type as its number");
    }

    [Test]
    public void A_device_refuses_to_queue_a_request_it_never_sends_from_its_outbox()
    {
        DeviceState state = DeviceStateSamples.Typical(CipherSuite.Ecc);

        Action queue = () => state.Send(RequestType.RegisterUser, new Wire.RegisterUserRequest());

        queue.Should().Throw<ArgumentException>().WithParameterName("kind").WithMessage("*does not queue RegisterUser*");
    }
}
