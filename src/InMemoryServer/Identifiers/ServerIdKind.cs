namespace E2eeConformance.InMemoryServer.Identifiers;

/// <summary>What an identifier drawn from an <see cref="IServerIdSource"/> is for.</summary>
public enum ServerIdKind
{
    /// <summary>A user id for a registration that names none (seed 000 §Addressing: "user_id … created uniquely by the server").</summary>
    UserId,

    /// <summary>A device id for a registration that names none.</summary>
    DeviceId,

    /// <summary>A group id (seed 000 §Addressing: "a uniquely assigned group_id from server").</summary>
    GroupId,

    /// <summary>A ProtoMsgTag.proto_msg_id (seed 000 §Server-sent events protocols: "a unique protocol message id").</summary>
    ProtoMsgId,

    /// <summary>A device credential token (RegisterUserResponse.auth), checked on every later request.</summary>
    CredentialToken,
}
