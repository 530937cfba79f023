using System.Collections.Immutable;
using E2eeConformance.Engine.Accounts;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Engine.Protocol;

namespace E2eeConformance.Engine.Client;

/// <summary>
/// The device as a pure state machine (ARCHITECTURE: sans-IO engine): <c>(state, input) → (new state, effects)</c>.
/// It holds no transport, store or event sink; it reads only the state, the input, the randomness and the time it is
/// given. Effects — requests to send and events to raise — are recorded in the new state (outbox, unacknowledged
/// events) and returned in the <see cref="DeviceStep"/>; the shell (<see cref="Device"/>) saves the state and only then
/// performs them. Where the protocol needs a server answer to go on, the state records a <see cref="PendingOperation"/>
/// and the answer is a later input (<see cref="ResponseReceived"/>).
/// </summary>
/// <remarks>
/// Failure: a command that cannot be carried out throws (<see cref="DeviceCommandException"/>, or
/// <see cref="ProtocolException"/> for a malformed argument) and the state given is untouched. A server-sent message
/// that cannot be processed leaves every protocol state as it was; the step only marks it processed, consumes it
/// with the failure's <see cref="Wire.ProtoMsgOpState"/> and raises <see cref="ProtocolFailure"/> — retrying cannot make
/// it valid. An answer whose continuation fails does the same for its request: it is forgotten and reported.
/// </remarks>
public static class DeviceCore
{
    /// <summary>
    /// The first half of registration (seed 000 §Register User): a new account — identity key, signed pre-key, one-time
    /// pre-keys — and the request that publishes it. No device state exists before the server's answer.
    /// </summary>
    public static (Account Account, Wire.RegisterUserRequest Request) BeginRegistration(DeviceOptions options, IRandomSource random, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(options);
        Account account = Account.Create(options.Suite, random, nowMs, options.InitialOneTimePreKeys);
        var request = new Wire.RegisterUserRequest
        {
            UserName = options.UserId,
            UserId = options.UserId,
            DeviceId = options.DeviceId,
            E2EesPackId = options.Suite.PackId.Value,
            IdentityKeyPublic = account.Identity.Public.ToWire(),
            SignedPreKeyPublic = account.CurrentSignedPreKey.ToPublicWire(),
        };
        request.OneTimePreKeyList.AddRange(account.OneTimePreKeys.Select(k => k.ToPublicWire()));
        return (account, request);
    }

    /// <summary>The second half of registration: the server's answer gives the address and credential.</summary>
    /// <exception cref="DeviceRequestException">The server refused the registration.</exception>
    public static DeviceState CompleteRegistration(DeviceOptions options, Account account, Wire.RegisterUserResponse response)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(response);
        if (!IsSuccess(response.Code) || response.Address?.User is null || string.IsNullOrEmpty(response.Auth))
        {
            throw new DeviceRequestException(RequestNames.Of(RequestType.RegisterUser), response.Code, response.Msg);
        }

        return new DeviceState(options.Suite, options.Version, response.Address, response.Auth, account, ImmutableDictionary<string, PeerSessions>.Empty, ImmutableDictionary<string, DeviceGroup>.Empty, [], [])
        {
            Deviations = options.Deviations,
        };
    }

    /// <summary>Processes one input: the new state and the effects to perform once it is saved.</summary>
    /// <exception cref="DeviceCommandException">A command the device cannot carry out now (nothing changed).</exception>
    public static DeviceStep Step(DeviceState state, DeviceInput input, IRandomSource random, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        var ctx = new StepContext(random, nowMs, state.Deviations);
        state = GroupDeparture.Prune(state, nowMs);
        DeviceState next = input switch
        {
            ServerMessageReceived m => ServerMessage(state, m.Message, ctx),
            SendTextCommand c => Messaging.SendToUsers(state, new Wire.Plaintext { Version = state.Version.Plaintext, CommonMsg = Google.Protobuf.ByteString.CopyFrom(c.Text.AsSpan()) }, [.. new[] { (c.Domain, c.UserId), (state.Address.Domain, state.Address.User.UserId) }.Distinct()], 0, ctx),
            SendGroupTextCommand c => GroupCommands.SendText(state, c, ctx),
            CreateGroupCommand c => GroupCommands.Create(state, c),
            AddGroupMembersCommand c => GroupCommands.AddMembers(state, c),
            AddGroupMemberDeviceCommand c => GroupCommands.AddMemberDevice(state, c.Group, c.NewDevice),
            RemoveGroupMembersCommand c => GroupCommands.RequestRemoval(state, c.Group, c.Users),
            LeaveGroupCommand c => GroupCommands.Leave(state, c.Group),
            UpdateUserNameCommand c => UpdateUserName(state, c.UserName, nowMs),
            ClockTick => Messaging.Reinvite(RenewSignedPreKey(state, ctx), nowMs),
            ResponseReceived r => Answer(state, r, ctx),
            EventsAcknowledged a => Acknowledge(state, a.EventIds),
            _ => throw new ArgumentException($"unknown device input {input.GetType().Name}", nameof(input)),
        };
        return Finish(state, next, input, ctx);
    }

    /// <summary>Whether a response code means the request was carried out.</summary>
    public static bool IsSuccess(Wire.ResponseCode code) =>
        code is Wire.ResponseCode.Ok or Wire.ResponseCode.Created or Wire.ResponseCode.Accepted or Wire.ResponseCode.NoContent;

    /// <summary>
    /// The consume state that reports how processing went (seed 000 §Consume ProtoMsg): succeeded, or the failure
    /// class — a signature that does not verify, a message that does not decrypt, or anything else.
    /// </summary>
    public static Wire.ProtoMsgOpState ConsumeStateOf(ProtocolErrorCode? failure) => failure switch
    {
        null => Wire.ProtoMsgOpState.Succeededed,
        ProtocolErrorCode.BadSignature or ProtocolErrorCode.BadSignedPreKeySignature => Wire.ProtoMsgOpState.FailedSignature,
        ProtocolErrorCode.BadTag or ProtocolErrorCode.Replay or ProtocolErrorCode.EvictedKey or ProtocolErrorCode.SupersededChain or ProtocolErrorCode.UnknownSession or ProtocolErrorCode.UnknownGroupSession
            or ProtocolErrorCode.JumpTooFar or ProtocolErrorCode.ChainLimitExceeded or ProtocolErrorCode.RatchetKeyMismatch
            or ProtocolErrorCode.UnexpectedRootSequence or ProtocolErrorCode.NotAMember => Wire.ProtoMsgOpState.FailedDecryption,
        _ => Wire.ProtoMsgOpState.FailedEscape,
    };

    private static DeviceState ServerMessage(DeviceState state, Wire.ProtoMsg message, StepContext ctx)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.PayloadCase == Wire.ProtoMsg.PayloadOneofCase.ServerHeartbeatMsg)
        {
            ctx.Raise(new HeartbeatReceived(state.Name, message.ServerHeartbeatMsg.ServerT));
            return state; // a heartbeat is not stored at the server and never consumed
        }

        string id = message.Tag?.ProtoMsgId ?? "";
        if (id.Length > 0 && state.HasProcessed(id))
        {
            return state.Send(RequestType.ConsumeProtoMsg, Consume(id, null)); // a redelivery: consumed again, nothing else
        }

        if (WireLimits.Default.FirstViolation(message) is { } tooLarge)
        {
            // Refused before any work proportional to it, as the server refuses such a request (issue 12). An id over
            // the limit is neither remembered nor consumed: the server would refuse the consume request anyway.
            ctx.Raise(new ProtocolFailure(state.Name, message.PayloadCase.ToString(), ProtocolErrorCode.TooLarge, tooLarge));
            return id.Length == 0 || id.Length > WireLimits.Default.MaxIdentifierLength
                ? state
                : state.MarkProcessed(id).Send(RequestType.ConsumeProtoMsg, Consume(id, ProtocolErrorCode.TooLarge));
        }

        DeviceState next;
        ProtocolErrorCode? failure = null;
        try
        {
            next = OneToOneMessages.Handle(state, message, ctx);
        }
        catch (ProtocolException e)
        {
            next = state;
            failure = e.Code;
            ctx.Discard();
            ctx.Raise(new ProtocolFailure(state.Name, message.PayloadCase.ToString(), e.Code, e.Detail));
        }

        return id.Length == 0 ? next : next.MarkProcessed(id).Send(RequestType.ConsumeProtoMsg, Consume(id, failure));
    }

    private static DeviceState Answer(DeviceState state, ResponseReceived answer, StepContext ctx)
    {
        try
        {
            return Responses.Handle(state, answer, ctx);
        }
        catch (ProtocolException e)
        {
            // The continuation failed (a malformed answer; a group gone meanwhile): the request is forgotten, reported.
            ctx.Discard();
            ctx.Raise(new ProtocolFailure(state.Name, answer.Response.Descriptor.Name, e.Code, e.Detail));
            return state with
            {
                Outbox = state.Outbox.RemoveAll(i => i.Id == answer.RequestId),
                Pending = state.Pending.RemoveAll(p => p.RequestId == answer.RequestId),
            };
        }
    }

    /// <summary>Client start (REFERENCE-BEHAVIOUR §16): renews the signed pre-key once its 7-day TTL passed, and publishes it.</summary>
    private static DeviceState RenewSignedPreKey(DeviceState state, StepContext ctx)
    {
        (Account account, SignedPreKey? renewed) = state.Account.RenewSignedPreKeyIfExpired(ctx.NowMs, ctx.Random);
        if (renewed is null)
        {
            return state;
        }

        ctx.Raise(new PreKeysPublished(state.Name, "signed_pre_key", 1));
        return (state with { Account = account }).Send(RequestType.PublishSpk, new Wire.PublishSpkRequest
        {
            UserAddress = state.Address.Clone(),
            SignedPreKeyPublic = renewed.ToPublicWire(),
        });
    }

    /// <summary>seed 000 §Update User: the server tells the user's other devices and contacts.</summary>
    private static DeviceState UpdateUserName(DeviceState state, string userName, long nowMs)
    {
        if (string.IsNullOrEmpty(userName))
        {
            throw new DeviceCommandException("empty_user_name", "a user name cannot be empty");
        }

        var msg = new Wire.UpdateUserMsg
        {
            ModifiedDate = nowMs,
            UserAddress = state.Address.Clone(),
            Op = Wire.UpdateUserOp.Name,
            UpdateUserNameArg = new Wire.UpdateUserNameArg { Username = userName },
        };
        return state.Send(RequestType.UpdateUser, new Wire.UpdateUserRequest { Msg = msg });
    }

    private static DeviceState Acknowledge(DeviceState state, ImmutableArray<long> ids)
    {
        if (ids.IsDefaultOrEmpty)
        {
            return state;
        }

        HashSet<long> taken = [.. ids];
        return state with { Unacknowledged = state.Unacknowledged.RemoveAll(e => taken.Contains(e.Id)) };
    }

    /// <summary>
    /// Gives the step's new requests their cause (and, for an answer, the place of the request answered: what an answer
    /// causes is sent before the requests queued after it, as if the server had answered at once), and stores its events.
    /// </summary>
    private static DeviceStep Finish(DeviceState before, DeviceState next, DeviceInput input, StepContext ctx)
    {
        long firstNew = before.NextRequestId;
        ImmutableList<OutboxItem> added = [];
        if (next.NextRequestId != firstNew)
        {
            // Requests made by this step (ids from firstNew on): only then is the outbox walked.
            added = [.. next.Outbox.Where(i => i.Id >= firstNew).Select(i => i with { Cause = i.Cause.Length > 0 ? i.Cause : input.Name })];
            ImmutableList<OutboxItem> older = next.Outbox.RemoveAll(i => i.Id >= firstNew);
            next = next with { Outbox = input is ResponseReceived ? added.AddRange(older) : older.AddRange(added) };
        }

        ImmutableList<StoredEvent> events = ctx.Events.Count == 0 ? [] : [.. ctx.Events.Select((e, i) => new StoredEvent(next.NextEventId + i, e))];
        if (!events.IsEmpty)
        {
            next = next with { Unacknowledged = next.Unacknowledged.AddRange(events), NextEventId = next.NextEventId + events.Count };
        }

        bool lazy = added.IsEmpty && events.IsEmpty && input switch
        {
            EventsAcknowledged => true,
            ResponseReceived r => IsForgettable(before, r),
            _ => ReferenceEquals(before, next),
        };
        return new DeviceStep(next, added, events, MustSave: !lazy);
    }

    /// <summary>An answer whose only change is forgetting a request the server deduplicates (or one it already forgot).</summary>
    private static bool IsForgettable(DeviceState before, ResponseReceived answer)
    {
        OutboxItem? item = before.Outbox.Find(i => i.Id == answer.RequestId);
        return item is null || (item.IsIdempotent && before.Pending.All(p => p.RequestId != item.Id)
            && item.IsDoneBy(answer.Code));
    }

    private static Wire.ConsumeProtoMsgRequest Consume(string id, ProtocolErrorCode? failure) => new() { ProtoMsgId = id, State = ConsumeStateOf(failure) };
}
