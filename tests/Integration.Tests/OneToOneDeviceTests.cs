using System.Text;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Integration.Tests.Support;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Integration.Tests;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>One server, real devices, real engine: the one-to-one protocols end to end, for the PQC and the ECC suite.</summary>
[TestFixture("ecc")]
[TestFixture("pqc")]
public sealed class OneToOneDeviceTests(string suiteName) : CipherSuiteFixture(suiteName)
{
    private World NewWorld(bool sqlite = false) => new(Suite, TestContext.CurrentContext.Test.Name, sqlite);

    private static byte[] T(string text) => Encoding.UTF8.GetBytes(text);

    [Test]
    public void A_conversation_in_both_directions_arrives_in_order()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        Device bob = w.Add("bob");

        alice.SendText(w.Domain, "bob", T("hi bob"));
        w.Pump();
        bob.SendText(w.Domain, "alice", T("hi alice"));
        w.Pump();
        for (int i = 0; i < 5; i++)
        {
            alice.SendText(w.Domain, "bob", T($"a{i}"));
            bob.SendText(w.Domain, "alice", T($"b{i}"));
            w.Pump();
        }

        w.Log.TextsReceivedBy("bob/1@" + w.Domain).Should().Equal(["hi bob", "a0", "a1", "a2", "a3", "a4"]);
        w.Log.TextsReceivedBy("alice/1@" + w.Domain).Should().Equal(["hi alice", "b0", "b1", "b2", "b3", "b4"]);
        w.Log.Failures.Should().BeEmpty();
        w.Server.Pending(alice.Address).Should().BeEmpty();
        w.Server.Pending(bob.Address).Should().BeEmpty();
    }

    [Test]
    public void Crossed_invites_complete_both_sessions_and_the_waiting_texts_arrive()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        Device carol = w.Add("carol");

        alice.SendText(w.Domain, "carol", T("first contact from alice"));
        carol.SendText(w.Domain, "alice", T("first contact from carol"));
        w.Pump();

        w.Log.TextsReceivedBy("carol/1@" + w.Domain).Should().Equal(["first contact from alice"]);
        w.Log.TextsReceivedBy("alice/1@" + w.Domain).Should().Equal(["first contact from carol"]);
        w.Log.Failures.Should().BeEmpty("before the fix the second accept was refused as unexpected_accept");
        alice.State.PeerOf(carol.Address).Sessions.Should().HaveCount(2).And.AllBeOfType<EstablishedSession>();
        alice.State.PeerOf(carol.Address).Waiting.Should().BeEmpty();
    }

    [Test]
    public void A_reply_that_overtakes_the_accept_is_kept_and_read_once_the_accept_arrives()
    {
        using World w = NewWorld(sqlite: true);
        Device alice = w.Add("alice");
        Device bob = w.Add("bob");
        alice.SendText(w.Domain, "bob", T("hello"));
        Wire.ProtoMsg invite = w.Server.Pending(bob.Address).Single();
        bob.Process(invite);
        bob.SendText(w.Domain, "alice", T("answer before your accept"));
        IReadOnlyList<Wire.ProtoMsg> toAlice = w.Server.Pending(alice.Address);
        toAlice.Select(m => m.PayloadCase).Should().Equal(Wire.ProtoMsg.PayloadOneofCase.AcceptMsg, Wire.ProtoMsg.PayloadOneofCase.E2EeMsg);

        alice.Process(toAlice[1]); // the reply first
        alice.State.PeerOf(bob.Address).Early.Should().ContainSingle();
        w.Log.Failures.Should().BeEmpty();
        alice = w.Restart("alice/1"); // the kept message survives a restart
        alice.State.PeerOf(bob.Address).Early.Should().ContainSingle();
        w.Pump();

        w.Log.TextsReceivedBy("alice/1@" + w.Domain).Should().Equal(["answer before your accept"]);
        w.Log.TextsReceivedBy("bob/1@" + w.Domain).Should().Equal(["hello"]);
        alice.State.PeerOf(bob.Address).Early.Should().BeEmpty();
        w.Log.Failures.Should().BeEmpty();
    }

    [Test]
    public void Texts_sent_before_the_accept_wait_for_it_and_then_all_arrive()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob");

        alice.SendText(w.Domain, "bob", T("one"));
        alice.SendText(w.Domain, "bob", T("two"));
        alice.SendText(w.Domain, "bob", T("three"));
        alice.State.PeerOf(w["bob/1"].Address).Waiting.Should().HaveCount(3);
        w.Pump();

        w.Log.TextsReceivedBy("bob/1@" + w.Domain).Should().Equal(["one", "two", "three"]);
    }

    [Test]
    public void More_than_512_messages_one_way_build_a_new_session_and_nothing_is_lost()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob");
        const int Count = ProtocolLimits.MaxMessagesPerChain + 88;
        for (int i = 0; i < Count; i++)
        {
            alice.SendText(w.Domain, "bob", T($"m{i}"));
            if (i % 50 == 0)
            {
                w.Pump();
            }
        }

        w.Pump();
        w.Log.TextsReceivedBy("bob/1@" + w.Domain).Should().Equal(Enumerable.Range(0, Count).Select(i => $"m{i}"));
        w.Log.Events.OfType<SessionEstablished>().Count(e => e.Outbound && e.Device == "alice/1@" + w.Domain).Should().Be(2, "the chain limit made alice build a second session");
        w.Log.Failures.Should().BeEmpty();
    }

    [Test]
    public void Users_with_several_devices_reach_every_device_on_both_ends()
    {
        using World w = NewWorld();
        Device alice1 = w.Add("alice", "1");
        w.Add("alice", "2");
        Device bob1 = w.Add("bob", "1");
        w.Add("bob", "2");

        alice1.SendText(w.Domain, "bob", T("to all of bob"));
        w.Pump();
        bob1.SendText(w.Domain, "alice", T("to all of alice"));
        w.Pump();

        w.Log.TextsReceivedBy("bob/1@" + w.Domain).Should().Equal(["to all of bob"]);
        w.Log.TextsReceivedBy("bob/2@" + w.Domain).Should().Equal(["to all of bob", "to all of alice"], "bob's other device gets bob's own message too");
        w.Log.TextsReceivedBy("alice/2@" + w.Domain).Should().Equal(["to all of bob", "to all of alice"]);
        w.Log.TextsReceivedBy("alice/1@" + w.Domain).Should().Equal(["to all of alice"]);
        w.Log.Failures.Should().BeEmpty();
    }

    [Test]
    public void A_device_added_mid_conversation_is_invited_and_receives_what_follows()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        w.Add("bob", "1");
        alice.SendText(w.Domain, "bob", T("before"));
        w.Pump();

        w.Add("bob", "2");
        w.Pump();
        alice.SendText(w.Domain, "bob", T("after"));
        w.Pump();

        w.Log.TextsReceivedBy("bob/1@" + w.Domain).Should().Equal(["before", "after"]);
        w.Log.TextsReceivedBy("bob/2@" + w.Domain).Should().Equal(["after"]);
        w.Log.Failures.Should().BeEmpty();
    }

    [Test]
    public void Exhausted_one_time_pre_keys_are_resupplied_and_a_bundle_without_one_still_works()
    {
        using World w = NewWorld();
        Device bob = w.Add("bob");
        int initial = w.Server.OneTimePreKeyStock(bob.Address);
        var senders = Enumerable.Range(0, initial + 2).Select(i => w.Add($"u{i}")).ToList();
        foreach (Device sender in senders)
        {
            sender.SendText(w.Domain, "bob", T($"from {sender.Address.User.UserId}"));
        }

        w.Pump();
        w.Log.TextsReceivedBy("bob/1@" + w.Domain).Should().HaveCount(senders.Count, "the last invites used bundles without a one-time pre-key");
        w.Log.Events.OfType<PreKeysPublished>().Should().Contain(e => e.Device == "bob/1@" + w.Domain && e.What == "one_time_pre_keys");
        w.Server.OneTimePreKeyStock(bob.Address).Should().BeGreaterThan(0, "bob answered SupplyOpksMsg");
        w.Log.Failures.Should().BeEmpty();
    }

    [Test]
    public void An_expired_signed_pre_key_is_renewed_at_activation_and_an_invite_naming_the_previous_one_still_succeeds()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        Device bob = w.Add("bob");
        uint before = bob.State.Account.CurrentSignedPreKey.Id;

        alice.SendText(w.Domain, "bob", T("invite in flight"));   // the invite names bob's current signed pre-key
        w.Clock.Advance(ProtocolLimits.SignedPreKeyTtl + TimeSpan.FromMinutes(1));
        bob.Activate();
        bob.State.Account.CurrentSignedPreKey.Id.Should().Be(before + 1);
        w.Pump();

        w.Log.TextsReceivedBy("bob/1@" + w.Domain).Should().Equal(["invite in flight"]);
        w.Log.Failures.Should().BeEmpty();

        Device carol = w.Add("carol");
        carol.SendText(w.Domain, "bob", T("with the new key"));
        w.Pump();
        w.Log.TextsReceivedBy("bob/1@" + w.Domain).Should().Equal(["invite in flight", "with the new key"]);
    }

    [Test]
    public void A_device_restarted_from_sqlite_between_every_two_steps_loses_nothing_and_decrypts_nothing_twice()
    {
        using World w = NewWorld(sqlite: true);
        w.Add("alice");
        w.Add("bob");
        var expectedBob = new List<string>();
        var expectedAlice = new List<string>();
        for (int i = 0; i < 6; i++)
        {
            w["alice/1"].SendText(w.Domain, "bob", T($"a{i}"));
            expectedBob.Add($"a{i}");
            w.Restart("alice/1");
            w.Pump(betweenSteps: () =>
            {
                w.Restart("alice/1");
                w.Restart("bob/1");
            });
            w["bob/1"].SendText(w.Domain, "alice", T($"b{i}"));
            expectedAlice.Add($"b{i}");
            w.Restart("bob/1");
            w.Pump(betweenSteps: () => w.Restart("bob/1"));
        }

        w.Log.TextsReceivedBy("bob/1@" + w.Domain).Should().Equal(expectedBob);
        w.Log.TextsReceivedBy("alice/1@" + w.Domain).Should().Equal(expectedAlice);
        w.Log.Failures.Should().BeEmpty();
    }

    [Test]
    public void A_redelivered_message_that_was_already_processed_is_only_consumed()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        Device bob = w.Add("bob");
        alice.SendText(w.Domain, "bob", T("once"));
        w.Pump();
        alice.SendText(w.Domain, "bob", T("twice?"));
        Wire.ProtoMsg message = w.Server.Pending(bob.Address).Single();

        bob.Process(message);
        bob.Process(message); // a redelivery (the consume crossed it)
        w.Pump();

        w.Log.TextsReceivedBy("bob/1@" + w.Domain).Should().Equal(["once", "twice?"]);
        w.Log.Failures.Should().BeEmpty("a processed message is recognised, not decrypted again");
    }

    [Test]
    public void After_a_conversation_the_server_holds_no_plaintext_and_no_private_key()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice");
        Device bob = w.Add("bob");
        string[] texts = ["the secret plan is hidden", "meet at the usual place at noon"];
        alice.SendText(w.Domain, "bob", T(texts[0]));
        bob.SendText(w.Domain, "alice", T(texts[1]));
        // Keep the messages unconsumed at the server while scanning, then deliver.
        IReadOnlyList<byte[]> stored = w.Server.StoredBytes();
        w.Pump();
        stored = [.. stored, .. w.Server.StoredBytes()];

        var secrets = new List<byte[]> { T(texts[0]), T(texts[1]) };
        foreach (Device d in new[] { alice, bob })
        {
            secrets.Add(d.State.Account.Identity.Asym.PrivateKey.ToArray());
            secrets.Add(d.State.Account.Identity.Sign.PrivateKey.ToArray());
            secrets.Add(d.State.Account.CurrentSignedPreKey.KeyPair.PrivateKey.ToArray());
            secrets.AddRange(d.State.Account.OneTimePreKeys.Take(3).Select(k => k.KeyPair.PrivateKey.ToArray()));
        }

        // A 16-byte window from inside each secret: ML-DSA and ML-KEM private keys begin or end with public parts
        // (FIPS 204 sk starts with rho, FIPS 203 dk embeds ek), which the server rightly holds.
        foreach (byte[] blob in stored)
        {
            foreach (byte[] secret in secrets)
            {
                ReadOnlySpan<byte> window = secret.Length >= 48 ? secret.AsSpan(32, 16) : secret.AsSpan(secret.Length - 16, 16);
                blob.AsSpan().IndexOf(window).Should().Be(-1, "the server must not hold plaintexts or private keys");
            }
        }
    }

    [Test]
    public void A_user_name_update_reaches_the_users_other_devices_and_its_contacts()
    {
        using World w = NewWorld();
        Device alice = w.Add("alice", "1");
        w.Add("alice", "2");
        w.Add("bob");
        alice.SendText(w.Domain, "bob", T("hi"));
        w.Pump();

        alice.UpdateUserName("Alice Liddell");
        w.Pump();

        w.Log.Events.OfType<UserUpdated>().Select(e => (e.Device, e.UserName)).Should().BeEquivalentTo(
            [($"alice/2@{w.Domain}", "Alice Liddell"), ($"bob/1@{w.Domain}", "Alice Liddell")]);
        w.Log.Failures.Should().BeEmpty();
    }
}
