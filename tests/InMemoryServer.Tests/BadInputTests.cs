using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Tests.Support;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>
/// Bad input at the server, for every request type through the byte entry point: malformed bytes are BAD_REQUEST,
/// a wrong or missing credential UNAUTHORIZED, and neither changes anything (seed 000 §Response code).
/// </summary>
public class BadInputTests
{
    private static readonly byte[][] MalformedInputs =
    [
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],  // a varint longer than 64 bits
        [0x0A, 0x05, 0x01],                                                      // a length-delimited field cut short
        [0x07],                                                                  // field 0 / wire type 7
    ];

    private static IEnumerable<RequestType> RequestTypesWithCodes() => ResponseBytes.Types.Keys;

    private static IEnumerable<RequestType> AuthenticatedRequestTypes() => ResponseBytes.Types.Keys.Where(t => t != RequestType.RegisterUser);

    private static ResponseCode CodeOf(RequestType type, byte[] responseBytes) => ResponseBytes.CodeOf(type, responseBytes);

    /// <summary>A world with a group, sessions and pending messages, so a wrongly applied request would change something.</summary>
    private static (TestWorld World, Device Alice, Device Bob) BusyWorld()
    {
        var world = new TestWorld();
        Device alice = world.Register("alice", "phone");
        Device bob = world.Register("bob", "phone");
        world.Server.Invite(alice.Credential, Requests.Invite(alice, bob.Address));
        world.Server.CreateGroup(alice.Credential, Requests.CreateGroup(alice, "pair", ("alice", GroupRole.Manager), ("bob", GroupRole.Member)));
        return (world, alice, bob);
    }

    [Test]
    public void Malformed_bytes_are_a_bad_request_of_the_same_type_and_change_nothing([ValueSource(nameof(RequestTypesWithCodes))] RequestType type)
    {
        var (world, alice, _) = BusyWorld();

        foreach (byte[] malformed in MalformedInputs)
        {
            world.ExpectRefusal(ResponseCode.BadRequest, () => CodeOf(type, world.Server.Handle(type, alice.Credential, malformed)));
        }
    }

    [Test]
    public void A_wrong_or_missing_credential_is_unauthorized_and_changes_nothing([ValueSource(nameof(AuthenticatedRequestTypes))] RequestType type)
    {
        var (world, alice, bob) = BusyWorld();
        DeviceCredential[] wrong =
        [
            alice.WrongCredential,
            alice.Credential with { Token = "" },
            bob.Credential with { Token = alice.Credential.Token },
            new(Engine.Protocol.Addresses.User(TestWorld.Domain, "zoe", "phone"), alice.Credential.Token),
            new(Engine.Protocol.Addresses.User("elsewhere.example", "alice", "phone"), alice.Credential.Token),
            new(new E2eeAddress(), alice.Credential.Token),
        ];

        foreach (DeviceCredential credential in wrong)
        {
            world.ExpectRefusal(ResponseCode.Unauthorized, () => CodeOf(type, world.Server.Handle(type, credential, [])));
        }

        world.ExpectRefusal(ResponseCode.Unauthorized, () => CodeOf(type, world.Server.Handle(type, null, [])));
    }

    [Test]
    public void An_empty_request_from_a_valid_device_is_refused_and_changes_nothing([ValueSource(nameof(RequestTypesWithCodes))] RequestType type)
    {
        var (world, alice, _) = BusyWorld();

        world.ExpectRefusal(ResponseCode.BadRequest, () => CodeOf(type, world.Server.Handle(type, alice.Credential, [])));
    }

    [Test]
    public void Refusals_are_counted_and_answers_carry_a_reason()
    {
        var (world, alice, _) = BusyWorld();
        long refused = world.Server.Stats().RequestsRefused;

        InviteResponse response = InviteResponse.Parser.ParseFrom(world.Server.Handle(RequestType.Invite, alice.Credential, [0x0A, 0x05, 0x01]));

        response.Code.Should().Be(ResponseCode.BadRequest);
        response.Msg.Should().Contain("InviteRequest");
        world.Server.Stats().RequestsRefused.Should().Be(refused + 1);
    }
}
