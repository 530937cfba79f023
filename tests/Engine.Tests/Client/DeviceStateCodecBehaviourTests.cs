using System.Collections.Immutable;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Client;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// A restored state behaves exactly as the original: it decrypts held-back and next messages, completes a pending
/// handshake, and encrypts the same bytes, one-to-one and in a group.
/// </summary>
[TestFixtureSource(typeof(DeviceStateCodecFixture), nameof(DeviceStateCodecFixture.Suites))]
public sealed class DeviceStateCodecBehaviourTests(string suiteName) : DeviceStateCodecFixture(suiteName)
{
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
}
