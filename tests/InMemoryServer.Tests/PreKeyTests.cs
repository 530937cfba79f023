using Google.Protobuf;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Tests.Support;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>seed 000 §Publish signed pre-key, §Supply one-time pre-key, §Get pre-key bundle, §SupplyOpkMsg.</summary>
public class PreKeyTests
{
    [Test]
    public void A_bundle_is_handed_out_per_device_of_the_user_with_one_unused_one_time_pre_key_each()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bobPhone = world.Register("bob", "phone");
        Device bobLaptop = world.Register("bob", "laptop");

        GetPreKeyBundleResponse response = world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bobPhone));

        response.Code.Should().Be(ResponseCode.Ok);
        response.UserId.Should().Be("bob");
        response.PreKeyBundles.Should().Equal(
            bobPhone.Account.ToPreKeyBundle(bobPhone.Address, bobPhone.Account.OneTimePreKeys[0]),
            bobLaptop.Account.ToPreKeyBundle(bobLaptop.Address, bobLaptop.Account.OneTimePreKeys[0]));
        world.Server.OneTimePreKeyStock(bobPhone.Address).Should().Be(99);
    }

    [Test]
    public void A_one_time_pre_key_is_handed_out_once()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");

        uint first = world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob)).PreKeyBundles.Single().OneTimePreKeyPublic.OpkId;
        uint second = world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob)).PreKeyBundles.Single().OneTimePreKeyPublic.OpkId;

        first.Should().Be(1);
        second.Should().Be(2);
    }

    [Test]
    public void A_bundle_for_a_named_device_covers_that_device_only_and_never_the_callers_own()
    {
        var world = new TestWorld();
        Device alicePhone = world.Register("alice", "phone");
        Device aliceLaptop = world.Register("alice", "laptop");

        world.Server.GetPreKeyBundle(alicePhone.Credential, Requests.Bundle(alicePhone, "laptop"))
            .PreKeyBundles.Should().ContainSingle().Which.UserAddress.Should().Be(aliceLaptop.Address);
        world.Server.GetPreKeyBundle(alicePhone.Credential, Requests.Bundle(alicePhone))
            .PreKeyBundles.Should().ContainSingle().Which.UserAddress.Should().Be(aliceLaptop.Address);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.GetPreKeyBundle(alicePhone.Credential, Requests.Bundle(alicePhone, "phone")).Code);
    }

    [Test]
    public void When_the_stock_falls_below_the_threshold_the_device_is_sent_one_SupplyOpksMsg_until_it_supplies()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone", oneTimePreKeys: 12);

        world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob));
        world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob));
        world.Pending(bob).Should().BeEmpty("10 keys left is not below the threshold of 10");

        world.Time.Advance(TimeSpan.FromSeconds(5));
        world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob));
        world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob));

        ProtoMsg message = world.Pending(bob).Should().ContainSingle().Subject;
        message.PayloadCase.Should().Be(ProtoMsg.PayloadOneofCase.SupplyOpksMsg);
        message.From.Should().Be(world.Server.ServerAddress);
        message.SupplyOpksMsg.OpksNum.Should().Be(100);
        message.SupplyOpksMsg.ServerT.Should().Be(world.NowMs);
        message.SupplyOpksMsg.UserAddress.Should().Be(bob.Address);
        world.Sink.To(bob.Address).Should().ContainSingle();

        world.Server.SupplyOpks(bob.Credential, Requests.SupplyOpks(bob, bob.Account.OneTimePreKeys.Skip(12).Take(3).Select(k => k.ToPublicWire())))
            .Code.Should().Be(ResponseCode.Ok);
        world.Server.OneTimePreKeyStock(bob.Address).Should().Be(11);
        world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob));
        world.Pending(bob).Should().ContainSingle();
        world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob));
        world.Pending(bob).Should().HaveCount(2, "the supply re-armed the notification");
    }

    [Test]
    public void With_no_one_time_pre_key_left_the_bundle_has_none()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone", oneTimePreKeys: 1);

        world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob)).PreKeyBundles.Single().OneTimePreKeyPublic.Should().NotBeNull();
        PreKeyBundle bundle = world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob)).PreKeyBundles.Single();

        bundle.OneTimePreKeyPublic.Should().BeNull();
        bundle.SignedPreKeyPublic.Should().Be(bob.Account.CurrentSignedPreKey.ToPublicWire());
        world.Pending(bob).Should().ContainSingle("one SupplyOpksMsg only");
    }

    [Test]
    public void Bundle_refusals_change_nothing()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");

        world.ExpectRefusal(ResponseCode.Unauthorized, () => world.Server.GetPreKeyBundle(alice.WrongCredential, Requests.Bundle(bob)).Code);
        world.ExpectRefusal(ResponseCode.NotFound, () => world.Server.GetPreKeyBundle(alice.Credential, new GetPreKeyBundleRequest { Domain = TestWorld.Domain, UserId = "nobody" }).Code);
        world.ExpectRefusal(ResponseCode.NotFound, () => world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob, "tablet")).Code);
        world.ExpectRefusal(ResponseCode.NotFound, () => world.Server.GetPreKeyBundle(alice.Credential, new GetPreKeyBundleRequest { Domain = "elsewhere.example", UserId = "bob" }).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.GetPreKeyBundle(alice.Credential, new GetPreKeyBundleRequest { Domain = TestWorld.Domain }).Code);
    }

    [Test]
    public void A_published_signed_pre_key_replaces_the_old_one_in_later_bundles()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        var (renewed, spk) = bob.Account.RenewSignedPreKeyIfExpired(TestWorld.StartMs + (long)TimeSpan.FromDays(8).TotalMilliseconds, new ReferenceStreamRandom("renewal"));

        world.Server.PublishSpk(bob.Credential, Requests.PublishSpk(bob, spk!.ToPublicWire())).Code.Should().Be(ResponseCode.Ok);

        world.Server.GetPreKeyBundle(alice.Credential, Requests.Bundle(bob)).PreKeyBundles.Single().SignedPreKeyPublic
            .Should().Be(renewed.CurrentSignedPreKey.ToPublicWire());
        world.Server.PublishSpk(bob.Credential, Requests.PublishSpk(bob, spk.ToPublicWire())).Code.Should().Be(ResponseCode.Ok, "republishing is idempotent");
    }

    [Test]
    public void Publish_signed_pre_key_refusals_change_nothing()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        var (_, spk) = bob.Account.RenewSignedPreKeyIfExpired(TestWorld.StartMs + (long)TimeSpan.FromDays(8).TotalMilliseconds, new ReferenceStreamRandom("renewal"));
        SignedPreKeyPublic good = spk!.ToPublicWire();
        SignedPreKeyPublic badSignature = good.Clone();
        badSignature.Signature = ByteString.CopyFrom(new byte[good.Signature.Length]);
        SignedPreKeyPublic oldId = good.Clone();
        oldId.SpkId = 1;
        SignedPreKeyPublic signedByAlice = alice.Account.CurrentSignedPreKey.ToPublicWire();
        signedByAlice.SpkId = 7;

        world.ExpectRefusal(ResponseCode.Unauthorized, () => world.Server.PublishSpk(bob.WrongCredential, Requests.PublishSpk(bob, good)).Code);
        world.ExpectRefusal(ResponseCode.Forbidden, () => world.Server.PublishSpk(alice.Credential, Requests.PublishSpk(bob, good)).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.PublishSpk(bob.Credential, Requests.PublishSpk(bob, badSignature)).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.PublishSpk(bob.Credential, Requests.PublishSpk(bob, signedByAlice)).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.PublishSpk(bob.Credential, new PublishSpkRequest { UserAddress = bob.Address }).Code);
        world.ExpectRefusal(ResponseCode.RequestConflict, () => world.Server.PublishSpk(bob.Credential, Requests.PublishSpk(bob, oldId)).Code);
    }

    [Test]
    public void Supply_one_time_pre_key_refusals_change_nothing()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone", oneTimePreKeys: 10);
        OneTimePreKeyPublic[] fresh = bob.Account.OneTimePreKeys.Skip(10).Take(2).Select(k => k.ToPublicWire()).ToArray();
        SupplyOpksRequest otherPack = Requests.SupplyOpks(bob, fresh);
        otherPack.E2EesPackId = CipherSuite.Pqc.PackId.Value;

        world.ExpectRefusal(ResponseCode.Unauthorized, () => world.Server.SupplyOpks(bob.WrongCredential, Requests.SupplyOpks(bob, fresh)).Code);
        world.ExpectRefusal(ResponseCode.Forbidden, () => world.Server.SupplyOpks(alice.Credential, Requests.SupplyOpks(bob, fresh)).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.SupplyOpks(bob.Credential, otherPack).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.SupplyOpks(bob.Credential, Requests.SupplyOpks(bob, [])).Code);
        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.SupplyOpks(bob.Credential, Requests.SupplyOpks(bob, [fresh[0], fresh[0]])).Code);
        world.ExpectRefusal(ResponseCode.RequestConflict, () => world.Server.SupplyOpks(bob.Credential, Requests.SupplyOpks(bob, [fresh[0], bob.Account.OneTimePreKeys[3].ToPublicWire()])).Code);
    }
}
