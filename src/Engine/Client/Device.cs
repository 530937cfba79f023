using System.Collections.Immutable;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// A simulated client device: the shell around the pure <see cref="DeviceCore"/> (seed 000 §Plugins). It feeds inputs
/// to the core, saves each new state in one store write, and only then performs the effects the state records: sends
/// the outbox's requests in order — each answer is fed back as an input — and raises the unacknowledged events.
/// </summary>
/// <remarks>
/// Crash safety: a ProtoMsg's change, the mark that it was processed, its consume request and its events are saved
/// together before anything leaves. A device restarted from its store (<see cref="Restore"/>) raises the events the
/// application had not taken yet (at-least-once, with their stable <see cref="StoredEvent.Id"/>), sends the requests
/// not answered yet, and recognises a redelivered message as processed: nothing is decrypted twice, nothing is lost.
/// </remarks>
public sealed class Device
{
    private readonly ITransport _transport;
    private readonly IDeviceStateStore<DeviceState> _store;
    private readonly IRandomSource _random;
    private readonly TimeProvider _time;
    private readonly IDeviceEvents<StoredEvent> _events;
    private bool _performing;
    private long _watchedRequest;
    private (RequestType Kind, ResponseReceived Answer)? _watchedAnswer;

    private Device(DeviceState state, ITransport transport, IDeviceStateStore<DeviceState> store, IRandomSource random, TimeProvider time, IDeviceEvents<StoredEvent> events)
    {
        State = state;
        _transport = transport;
        _store = store;
        _random = random;
        _time = time;
        _events = events;
    }

    /// <summary>The device's current state: replaced (never mutated) by every input.</summary>
    public DeviceState State { get; private set; }

    /// <summary>The device's address as the server issued it at registration.</summary>
    public Wire.E2eeAddress Address => State.Address;

    /// <summary>The address and auth token the device presents with every request.</summary>
    public DeviceCredential Credential => new(State.Address, State.Token);

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Creates an account and registers it (seed 000 §Register User): identity key, signed pre-key and
    /// <see cref="ProtocolLimits.OneTimePreKeyBatch"/> one-time pre-keys are published; the server answers with the
    /// address and the credential every later request carries.
    /// </summary>
    /// <exception cref="DeviceRequestException">The server refused the registration.</exception>
    public static Device Register(DeviceOptions options, ITransport transport, IDeviceStateStore<DeviceState> store, IRandomSource random, TimeProvider time, IDeviceEvents<StoredEvent> events)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        (Accounts.Account account, Wire.RegisterUserRequest request) = DeviceCore.BeginRegistration(options, random, time.GetUtcNow().ToUnixTimeMilliseconds());
        DeviceState state = DeviceCore.CompleteRegistration(options, account, transport.RegisterUser(request));
        store.Save(state);
        return new Device(state, transport, store, random, time, events);
    }

    /// <summary>
    /// Restarts a device from its store: raises the events the application had not acknowledged, and sends the requests
    /// that were not answered.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store holds no device.</exception>
    public static Device Restore(ITransport transport, IDeviceStateStore<DeviceState> store, IRandomSource random, TimeProvider time, IDeviceEvents<StoredEvent> events)
    {
        ArgumentNullException.ThrowIfNull(store);
        DeviceState state = store.Load() ?? throw new InvalidOperationException("the store holds no device");
        var device = new Device(state, transport, store, random, time, events);
        device.Perform();
        return device;
    }

    /// <summary>Client start (REFERENCE-BEHAVIOUR §16): renews the signed pre-key once its TTL passed, and publishes it.</summary>
    public void Activate() => Run(new ClockTick());

    /// <summary>Changes this user's display name (seed 000 §Update User).</summary>
    /// <exception cref="DeviceRequestException">The server refused it.</exception>
    public void UpdateUserName(string userName) => Command(new UpdateUserNameCommand(userName));

    /// <summary>
    /// Sends application bytes to every device of a user, and to this user's other devices (seed 000 multi-device
    /// model). Sessions are created on demand (invite; the text waits for the accept) and renewed when a sender chain
    /// reaches the 512 limit — invisibly to the application.
    /// </summary>
    public void SendText(string domain, string userId, ReadOnlySpan<byte> text) => Run(new SendTextCommand(domain, userId, [.. text]));

    /// <summary>Sends application bytes to a group (seed 000 §Send group message); renews the session at the 512 limit.</summary>
    /// <exception cref="DeviceCommandException">This device holds no keys for the group.</exception>
    public void SendGroupText(Wire.E2eeAddress group, ReadOnlySpan<byte> text) => Run(new SendGroupTextCommand(group, [.. text]));

    /// <summary>
    /// Creates a group with the given users (seed 000 §Create group): the server assigns the address and returns every
    /// member device; the new seed travels to each of them over one-to-one sessions. This device's user is a manager,
    /// and so is each of <paramref name="managers"/> (members too). Returns the group address.
    /// </summary>
    /// <exception cref="DeviceRequestException">The server refused it.</exception>
    public Wire.E2eeAddress CreateGroup(string name, IEnumerable<(string Domain, string UserId)> members, IEnumerable<(string Domain, string UserId)>? managers = null)
    {
        ResponseReceived answer = Command(new CreateGroupCommand(name, [.. members]) { Managers = [.. managers ?? []] });
        return ((Wire.CreateGroupResponse)answer.Response).GroupAddress.Clone();
    }

    /// <summary>Adds users (seed 000 §Add group members): this device is the inviter (REFERENCE-BEHAVIOUR §41).</summary>
    /// <exception cref="DeviceRequestException">The server refused it.</exception>
    public void AddGroupMembers(Wire.E2eeAddress group, IEnumerable<(string Domain, string UserId)> users) => Command(new AddGroupMembersCommand(group, [.. users]));

    /// <summary>Adds a new device of a member (seed 000 §Add group member device).</summary>
    /// <exception cref="DeviceRequestException">The server refused it.</exception>
    public void AddGroupMemberDevice(Wire.E2eeAddress group, Wire.E2eeAddress device) => Command(new AddGroupMemberDeviceCommand(group, device));

    /// <summary>Removes users (seed 000 §Remove group members; REFERENCE-BEHAVIOUR §40): a new seed for the remaining devices.</summary>
    /// <exception cref="DeviceRequestException">The server refused it.</exception>
    public void RemoveGroupMembers(Wire.E2eeAddress group, IEnumerable<(string Domain, string UserId)> users) => Command(new RemoveGroupMembersCommand(group, [.. users]));

    /// <summary>Leaves a group (seed 000 §Leave group): the server asks a manager to remove us; our keys are dropped.</summary>
    /// <exception cref="DeviceRequestException">The server refused it.</exception>
    public void LeaveGroup(Wire.E2eeAddress group) => Command(new LeaveGroupCommand(group));

    /// <summary>
    /// Processes one server-sent message (seed 000 §Server-sent events protocols) and consumes it. A redelivered
    /// message that was already processed is only consumed. A message that cannot be processed is reported as a
    /// <see cref="ProtocolFailure"/> event, changes nothing else, and is consumed (retrying cannot make it valid).
    /// </summary>
    public void Process(Wire.ProtoMsg message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Run(new ServerMessageReceived(message));
    }

    /// <summary>
    /// Runs a command whose own request must be accepted; returns the server's answer to it.
    /// <see cref="TransportUnavailableException"/> when the request could not be sent (it waits in the outbox).
    /// </summary>
    private ResponseReceived Command(DeviceInput command)
    {
        _watchedRequest = State.NextRequestId;
        _watchedAnswer = null;
        try
        {
            Run(command);
            (RequestType kind, ResponseReceived answer) = _watchedAnswer
                ?? (State.Outbox.Any(i => i.Id == _watchedRequest)
                    ? throw new TransportUnavailableException($"{command.Name} waits in the outbox: the server cannot be reached")
                    : throw new EngineInvariantException($"{command.Name} made no request"));
            return DeviceCore.IsSuccess(answer.Code)
                ? answer
                : throw new DeviceRequestException(RequestNames.Of(kind), answer.Code, ResponseMessage(answer));
        }
        finally
        {
            _watchedRequest = 0;
        }
    }

    /// <summary>One input: the core's step, saved (when it must be), then its effects performed.</summary>
    private void Run(DeviceInput input)
    {
        Apply(DeviceCore.Step(State, input, _random, NowMs));
        Perform();
    }

    private void Apply(DeviceStep step)
    {
        State = step.State;
        if (step.MustSave)
        {
            _store.Save(step.State);
        }
    }

    /// <summary>
    /// Sends the outbox's requests in order, feeding each answer back as an input (what an answer causes is sent
    /// before the requests after it), then raises the unacknowledged events and acknowledges them. Not re-entrant: an
    /// input processed while effects are performed leaves its effects to the loop already running. When the transport
    /// cannot reach the server (<see cref="TransportUnavailableException"/>) the rest of the outbox waits, in order,
    /// for the next input (<see cref="Activate"/> once the device is online again).
    /// </summary>
    private void Perform()
    {
        if (_performing)
        {
            return;
        }

        _performing = true;
        try
        {
            while (!State.Outbox.IsEmpty)
            {
                OutboxItem item = State.Outbox[0];
                ResponseReceived answer;
                try
                {
                    answer = Send(item);
                }
                catch (TransportUnavailableException)
                {
                    break; // offline: the outbox (saved with the state) waits for the next input
                }

                if (item.Id == _watchedRequest)
                {
                    _watchedAnswer = (item.Kind, answer);
                }

                Apply(DeviceCore.Step(State, answer, _random, NowMs));
                if (item.Id == _watchedRequest && State.Outbox.FirstOrDefault(i => i.Attempt == item.Attempt + 1 && i.Kind == item.Kind && i.Request.AsSpan().SequenceEqual(item.Request)) is { } resent)
                {
                    _watchedRequest = resent.Id; // refused for now (a transient code) and sent again: the command waits for that answer
                    _watchedAnswer = null;
                }
            }

            ImmutableList<StoredEvent> raised = State.Unacknowledged;
            foreach (StoredEvent e in raised)
            {
                _events.Raise(e);
            }

            if (!raised.IsEmpty)
            {
                Apply(DeviceCore.Step(State, new EventsAcknowledged([.. raised.Select(e => e.Id)]), _random, NowMs));
            }
        }
        finally
        {
            _performing = false;
        }
    }

    private ResponseReceived Send(OutboxItem item)
    {
        DeviceCredential c = Credential;
        (Wire.ResponseCode code, Google.Protobuf.IMessage response) = item.Kind switch
        {
            RequestType.PublishSpk => Answer(_transport.PublishSpk(c, Request(item, Wire.PublishSpkRequest.Parser)), x => x.Code),
            RequestType.SupplyOpks => Answer(_transport.SupplyOpks(c, Request(item, Wire.SupplyOpksRequest.Parser)), x => x.Code),
            RequestType.GetPreKeyBundle => Answer(_transport.GetPreKeyBundle(c, Request(item, Wire.GetPreKeyBundleRequest.Parser)), x => x.Code),
            RequestType.UpdateUser => Answer(_transport.UpdateUser(c, Request(item, Wire.UpdateUserRequest.Parser)), x => x.Code),
            RequestType.Invite => Answer(_transport.Invite(c, Request(item, Wire.InviteRequest.Parser)), x => x.Code),
            RequestType.Accept => Answer(_transport.Accept(c, Request(item, Wire.AcceptRequest.Parser)), x => x.Code),
            RequestType.SendOne2oneMsg => Answer(_transport.SendOne2oneMsg(c, Request(item, Wire.SendOne2oneMsgRequest.Parser)), x => x.Code),
            RequestType.CreateGroup => Answer(_transport.CreateGroup(c, Request(item, Wire.CreateGroupRequest.Parser)), x => x.Code),
            RequestType.AddGroupMembers => Answer(_transport.AddGroupMembers(c, Request(item, Wire.AddGroupMembersRequest.Parser)), x => x.Code),
            RequestType.RemoveGroupMembers => Answer(_transport.RemoveGroupMembers(c, Request(item, Wire.RemoveGroupMembersRequest.Parser)), x => x.Code),
            RequestType.AddGroupMemberDevice => Answer(_transport.AddGroupMemberDevice(c, Request(item, Wire.AddGroupMemberDeviceRequest.Parser)), x => x.Code),
            RequestType.LeaveGroup => Answer(_transport.LeaveGroup(c, Request(item, Wire.LeaveGroupRequest.Parser)), x => x.Code),
            RequestType.SendGroupMsg => Answer(_transport.SendGroupMsg(c, Request(item, Wire.SendGroupMsgRequest.Parser)), x => x.Code),
            RequestType.ConsumeProtoMsg => Answer(_transport.ConsumeProtoMsg(c, Request(item, Wire.ConsumeProtoMsgRequest.Parser)), x => x.Code),
            _ => throw new EngineInvariantException($"a device does not send {item.Kind} through its outbox"),
        };
        return new ResponseReceived(item.Id, code, response);
    }

    /// <summary>The item's request message: the one it was made from when there is one (no parse), else parsed from its bytes.</summary>
    private static T Request<T>(OutboxItem item, Google.Protobuf.MessageParser<T> parser)
        where T : Google.Protobuf.IMessage<T> =>
        item.Message is T message ? message : parser.ParseFrom(item.Request);

    private static (Wire.ResponseCode, Google.Protobuf.IMessage) Answer<T>(T? response, Func<T, Wire.ResponseCode> code)
        where T : class, Google.Protobuf.IMessage, new() =>
        response is null ? (Wire.ResponseCode.Unspecified, new T()) : (code(response), response);

    private static string ResponseMessage(ResponseReceived answer) =>
        answer.Response.Descriptor.FindFieldByName("msg")?.Accessor.GetValue(answer.Response) as string ?? "";

    /// <inheritdoc/>
    public override string ToString() => $"Device({State})";
}
