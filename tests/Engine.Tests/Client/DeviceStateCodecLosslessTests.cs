using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Client;

/// <summary>
/// <see cref="DeviceStateCodec"/> is lossless: re-encoding a decoded state gives the same bytes, and the decoded state
/// holds the same values (every key byte, session secret and group chain; an independent dump agrees).
/// </summary>
[TestFixtureSource(typeof(DeviceStateCodecFixture), nameof(DeviceStateCodecFixture.Suites))]
public sealed class DeviceStateCodecLosslessTests(string suiteName) : DeviceStateCodecFixture(suiteName)
{
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
        sample.AliceGroup.Current.Receivers.Values.SelectMany(r => r.Retired).Should().Contain(r => r.Invite != null && r.Invite.Welcomed.Length == 1, "bob invited erin");
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
}
