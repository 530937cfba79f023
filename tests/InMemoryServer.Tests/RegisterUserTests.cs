using Google.Protobuf;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Tests.Support;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>seed 000 §Register User, §NewUserDeviceMsg.</summary>
public class RegisterUserTests
{
    [Test]
    public void Registration_returns_the_device_address_in_the_server_domain_and_a_credential()
    {
        var world = new TestWorld();
        var account = TestAccounts.Get(CipherSuite.Ecc, "alice/phone");

        RegisterUserResponse response = world.Server.RegisterUser(Requests.Register(account, "alice", "phone"));

        response.Code.Should().Be(ResponseCode.Ok);
        response.Address.Domain.Should().Be(TestWorld.Domain);
        response.Address.User.UserId.Should().Be("alice");
        response.Address.User.DeviceId.Should().Be("phone");
        response.Auth.Should().Be("token-1");
        response.OtherDeviceAddressList.Should().BeEmpty();
        world.Server.OneTimePreKeyStock(response.Address).Should().Be(100);
    }

    [Test]
    public void Registration_without_ids_gets_server_assigned_user_and_device_ids()
    {
        var world = new TestWorld();
        var account = TestAccounts.Get(CipherSuite.Ecc, "anonymous");

        RegisterUserResponse response = world.Server.RegisterUser(Requests.Register(account, "", ""));

        response.Code.Should().Be(ResponseCode.Ok);
        response.Address.User.UserId.Should().Be("user-1");
        response.Address.User.DeviceId.Should().Be("device-1");
    }

    [Test]
    public void Registration_with_the_post_quantum_suite_is_accepted()
    {
        var world = new TestWorld();

        Device alice = world.Register("alice", "phone", CipherSuite.Pqc);

        world.Server.GetPreKeyBundle(world.Register("bob", "phone").Credential, Requests.Bundle(alice))
            .PreKeyBundles.Single().Should().Be(alice.Account.ToPreKeyBundle(alice.Address, alice.Account.OneTimePreKeys[0]));
    }

    [Test]
    public void Registering_a_registered_device_again_is_a_conflict_and_changes_nothing()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");

        world.ExpectRefusal(ResponseCode.RequestConflict, () => world.Server.RegisterUser(Requests.Register(alice.Account, "alice", "phone")).Code);
    }

    [Test]
    public void A_new_device_with_another_authenticator_is_unauthorized()
    {
        var world = new TestWorld();
        world.Register("alice", "phone", authenticator: "alice@example.org");
        var laptop = TestAccounts.Get(CipherSuite.Ecc, "alice/laptop");

        world.ExpectRefusal(ResponseCode.Unauthorized, () => world.Server.RegisterUser(Requests.Register(laptop, "alice", "laptop", authenticator: "mallory@example.org")).Code);
    }

    [Test]
    public void A_signed_pre_key_whose_signature_does_not_verify_is_a_bad_request()
    {
        var world = new TestWorld();
        var account = TestAccounts.Get(CipherSuite.Ecc, "alice/phone");
        RegisterUserRequest request = Requests.Register(account, "alice", "phone");
        byte[] signature = request.SignedPreKeyPublic.Signature.ToByteArray();
        signature[0] ^= 1;
        request.SignedPreKeyPublic.Signature = ByteString.CopyFrom(signature);

        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.RegisterUser(request).Code);
    }

    private static IEnumerable<TestCaseData> MalformedRegistrations()
    {
        var account = TestAccounts.Get(CipherSuite.Ecc, "alice/phone");
        RegisterUserRequest Make(Action<RegisterUserRequest> spoil)
        {
            RegisterUserRequest request = Requests.Register(account, "alice", "phone");
            spoil(request);
            return request;
        }

        yield return new TestCaseData(Make(r => r.E2EesPackId = 0x7f7f7f)).SetName("unsupported pack id");
        yield return new TestCaseData(Make(r => r.E2EesPackId = CipherSuite.Pqc.PackId.Value)).SetName("ECC keys under the PQC pack id");
        yield return new TestCaseData(Make(r => r.IdentityKeyPublic = null)).SetName("no identity key");
        yield return new TestCaseData(Make(r => r.IdentityKeyPublic.AsymPublicKey = ByteString.CopyFrom(new byte[31]))).SetName("short identity asym key");
        yield return new TestCaseData(Make(r => r.IdentityKeyPublic.SignPublicKey = ByteString.Empty)).SetName("empty identity sign key");
        yield return new TestCaseData(Make(r => r.SignedPreKeyPublic = null)).SetName("no signed pre-key");
        yield return new TestCaseData(Make(r => r.SignedPreKeyPublic.Signature = ByteString.CopyFrom(new byte[10]))).SetName("short SPK signature");
        yield return new TestCaseData(Make(r => r.OneTimePreKeyList[0].PublicKey = ByteString.CopyFrom(new byte[33]))).SetName("long one-time pre-key");
        yield return new TestCaseData(Make(r => r.OneTimePreKeyList[1].OpkId = r.OneTimePreKeyList[0].OpkId)).SetName("repeated one-time pre-key id");
        yield return new TestCaseData(Make(r => r.DeviceId = "ph\none")).SetName("control character in device id");
    }

    [TestCaseSource(nameof(MalformedRegistrations))]
    public void A_malformed_registration_is_a_bad_request_and_changes_nothing(RegisterUserRequest request)
    {
        var world = new TestWorld();
        world.Register("carol", "phone");

        world.ExpectRefusal(ResponseCode.BadRequest, () => world.Server.RegisterUser(request).Code);
    }

    [Test]
    public void A_new_device_is_announced_to_the_users_other_devices_its_contacts_and_its_group_peers()
    {
        var world = new TestWorld();
        Device alicePhone = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        Device carol = world.Register("carol", "phone");
        Device dave = world.Register("dave", "phone");
        world.Server.Invite(bob.Credential, Requests.Invite(bob, alicePhone.Address)).Code.Should().Be(ResponseCode.Ok);
        world.Server.CreateGroup(carol.Credential, Requests.CreateGroup(carol, "club", ("carol", GroupRole.Manager), ("alice", GroupRole.Member)))
            .Code.Should().Be(ResponseCode.Ok);
        world.ConsumeAll(alicePhone, bob, carol, dave);

        var laptopAccount = TestAccounts.Get(CipherSuite.Ecc, "alice/laptop");
        RegisterUserResponse response = world.Server.RegisterUser(Requests.Register(laptopAccount, "alice", "laptop"));

        response.Code.Should().Be(ResponseCode.Ok);
        response.OtherDeviceAddressList.Should().Equal(alicePhone.Address);
        response.OtherUserAddressList.Should().Equal(bob.Address, carol.Address);
        response.GroupInfoList.Should().ContainSingle().Which.GroupName.Should().Be("club");
        foreach (Device told in new[] { alicePhone, bob, carol })
        {
            ProtoMsg message = world.Pending(told).Should().ContainSingle().Subject;
            message.PayloadCase.Should().Be(ProtoMsg.PayloadOneofCase.AddUserDeviceMsg);
            message.From.Should().Be(response.Address);
            message.To.Should().Be(told.Address);
            message.AddUserDeviceMsg.UserAddress.Should().Be(response.Address);
            message.AddUserDeviceMsg.OldAddressList.Should().Equal(alicePhone.Address);
        }

        world.Pending(dave).Should().BeEmpty("dave never exchanged anything with alice");
    }
}
