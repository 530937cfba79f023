using System.Text;
using Google.Protobuf;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Drives <see cref="DeviceCore.Step"/> by hand: inputs in, effects out, no transport. Server answers are built here
/// from the requests the core queued (the answer names the request's outbox id), and peer bundles come from accounts
/// made the way the protocol makes them.
/// </summary>
internal static class CoreDriver
{
    public const long NowMs = TwoParties.NowMs;

    public const string Domain = "e2eelab.org";

    /// <summary>One step with randomness derived from <paramref name="label"/>.</summary>
    public static DeviceStep Step(DeviceState state, DeviceInput input, string label = "core step") =>
        DeviceCore.Step(state, input, new ReferenceStreamRandom(label), NowMs);

    public static SendTextCommand Text(string userId, string text) => new(Domain, userId, [.. Encoding.UTF8.GetBytes(text)]);

    /// <summary>The server's answer to <paramref name="item"/>.</summary>
    public static ResponseReceived Answer(OutboxItem item, Wire.ResponseCode code, IMessage response) => new(item.Id, code, response);

    /// <summary>The request queued as <paramref name="item"/>, parsed.</summary>
    public static T Parse<T>(OutboxItem item, MessageParser<T> parser)
        where T : IMessage<T> => parser.ParseFrom(item.Request);

    /// <summary>
    /// Alice with an established session to Bob (<see cref="DeviceStateSamples.Typical"/>); her own user counts as
    /// looked up unless <paramref name="ownUserKnown"/> is false, so a text to another user needs one lookup only.
    /// </summary>
    public static DeviceState Alice(CipherSuite suite, bool ownUserKnown = true)
    {
        DeviceState state = DeviceStateSamples.Typical(suite);
        return ownUserKnown ? state with { KnownUsers = state.KnownUsers.Add($"alice@{Domain}") } : state;
    }

    /// <summary>The account of a peer device ("dave", "dave/dev2"), created once per run.</summary>
    public static Account AccountOf(CipherSuite suite, string device) => GroupParty.AccountOf(suite, device);

    /// <summary>The bundle the server hands out for a peer device (with its first one-time pre-key).</summary>
    public static Wire.PreKeyBundle BundleOf(CipherSuite suite, string device)
    {
        Account account = AccountOf(suite, device);
        return account.ToPreKeyBundle(GroupParty.AddressOf(device), account.OneTimePreKeys[0]);
    }

    /// <summary>A successful GetPreKeyBundleResponse with the bundles of <paramref name="devices"/>.</summary>
    public static Wire.GetPreKeyBundleResponse Bundles(CipherSuite suite, params string[] devices)
    {
        var response = new Wire.GetPreKeyBundleResponse { Code = Wire.ResponseCode.Ok };
        response.PreKeyBundles.AddRange(devices.Select(d => BundleOf(suite, d)));
        return response;
    }

    /// <summary>The state's serialized form (<see cref="DeviceStateCodec.Encode"/>).</summary>
    public static byte[] Encode(DeviceState state) => DeviceStateCodec.Encode(state);

    /// <summary>
    /// <paramref name="after"/> with what every processed input may change — processed ids, outbox, unacknowledged
    /// events and the id counters — put back as in <paramref name="before"/>: equal to <paramref name="before"/> when
    /// the input left nothing else.
    /// </summary>
    public static DeviceState WithBookkeepingOf(DeviceState after, DeviceState before) => after with
    {
        Processed = before.Processed,
        Outbox = before.Outbox,
        Unacknowledged = before.Unacknowledged,
        NextRequestId = before.NextRequestId,
        NextEventId = before.NextEventId,
    };

    /// <summary>The encoding of <see cref="WithBookkeepingOf"/>: compare with the encoding of <paramref name="before"/>.</summary>
    public static byte[] EncodeProtocolPart(DeviceState after, DeviceState before) => Encode(WithBookkeepingOf(after, before));

    /// <summary>A ProtoMsg as the server delivers it, with a tag carrying <paramref name="id"/>.</summary>
    public static Wire.ProtoMsg Delivered(string id, Action<Wire.ProtoMsg> payload)
    {
        var message = new Wire.ProtoMsg { Tag = new Wire.ProtoMsgTag { ProtoMsgId = id, ProtoMsgT = NowMs } };
        payload(message);
        return message;
    }

    public static Wire.ProtoMsg Delivered(string id, Wire.E2eeMsg message) => Delivered(id, m => m.E2EeMsg = message);

    /// <summary>Asserts that the step queued exactly one consume of <paramref name="id"/> with <paramref name="state"/>.</summary>
    public static void ConsumesOnly(DeviceStep step, string id, Wire.ProtoMsgOpState state)
    {
        step.Requests.Should().ContainSingle().Which.Kind.Should().Be(RequestType.ConsumeProtoMsg);
        Wire.ConsumeProtoMsgRequest consume = Parse(step.Requests[0], Wire.ConsumeProtoMsgRequest.Parser);
        consume.ProtoMsgId.Should().Be(id);
        consume.State.Should().Be(state);
    }

    /// <summary>The requests of one kind in the state's outbox.</summary>
    public static IEnumerable<OutboxItem> OutboxOf(this DeviceState state, RequestType kind) => state.Outbox.Where(i => i.Kind == kind);
}
