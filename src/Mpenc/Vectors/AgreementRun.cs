using System.Text.Json.Nodes;
using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Gka;
using E2eeConformance.Mpenc.Messages;
using E2eeConformance.Mpenc.Session;
using E2eeConformance.Mpenc.Wire;
using static E2eeConformance.Mpenc.Vectors.VectorJson;
using Ed25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// One agreement case of the vector file — an initial agreement (<c>ika</c>), an inclusion or an exclusion (seed 003
/// §5.2.1 with §5.2.2, combined in greeting packets, §5.2.3) — run from its inputs: the initiator starts the operation,
/// and every packet is delivered, in the order it was sent, to each of its receivers in member order (an upflow to
/// DEST; the first downflow and each confirmation to every other participant); a receiver's reply is sent after the
/// packets already waiting. Each step's flows, sid, authenticator, session signature, packet and wire text are recorded,
/// and the state of every participant before each step is kept for the twins. The packets are laid out as the session's
/// greeter writes them (§5.2.3 [b], MP-16): the initial packet names the previous operation's final packet (PREV_PF) and
/// carries the chain hash and the latest messages, every later stage names the initial packet; the operation finishes
/// with the packet after which every next member's session signature has been seen, and the chain hash takes in the
/// initial and final packet ids (§3.3).
/// </summary>
internal sealed class AgreementRun
{
    private const int MaxSteps = 64;

    private static readonly string[] RandomFields = ["contribution", "nonce", "ephemeral_signing_key"];

    private readonly Dictionary<string, VectorParty> _parties;
    private readonly Dictionary<string, byte[]> _statics;
    private readonly Dictionary<string, byte[]> _random = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FixedRandom> _draws = new(StringComparer.Ordinal);
    private readonly JsonObject _greetTypes;
    private readonly CaseEnd _start;
    private readonly IReadOnlyList<string> _latest;

    private AgreementRun(CaseEnd start, JsonObject c)
    {
        _start = start;
        _latest = Texts(c, "latest_pm");
        if (_latest.FirstOrDefault(id => id.Length != 64 || !id.All(char.IsAsciiHexDigitLower)) is { } bad)
        {
            throw new FormatException($"latest_pm holds {bad}, not a packet id (64 lower-case hex digits)");
        }

        _parties = new Dictionary<string, VectorParty>(start.Parties, StringComparer.Ordinal);
        _statics = new Dictionary<string, byte[]>(start.StaticKeys, StringComparer.Ordinal);
        _greetTypes = Object(c, "greet_types");
        foreach ((string member, JsonNode? draws) in Object(c, "random"))
        {
            JsonObject fields = draws as JsonObject ?? throw new FormatException($"random.{member} is an object");
            if (fields.Select(kv => kv.Key).FirstOrDefault(k => !RandomFields.Contains(k)) is { } unknown)
            {
                throw new FormatException($"random.{member}.{unknown} is not a random input");
            }

            _random[member] = [.. RandomFields.Where(fields.ContainsKey).SelectMany(f => Bytes(fields, f))];
        }
    }

    /// <summary>The packets (TLV bytes), by step.</summary>
    public List<byte[]> Packets { get; } = [];

    /// <summary>The packet id of each step (lower-case hex SHA-256 of its TLV bytes).</summary>
    public List<string> Ids { get; } = [];

    /// <summary>The sender of each step.</summary>
    public List<string> Senders { get; } = [];

    /// <summary>Every participant's state before each step; the last entry is the end of the case.</summary>
    public List<IReadOnlyDictionary<string, VectorParty>> Before { get; } = [];

    /// <summary>The static public keys of every participant so far.</summary>
    public IReadOnlyDictionary<string, byte[]> StaticKeys => _statics;

    /// <summary>The random bytes the case states for <paramref name="member"/> (empty when none).</summary>
    public byte[] RandomOf(string member) => _random.TryGetValue(member, out byte[]? bytes) ? bytes : [];

    /// <summary>The outputs of an agreement case and where it leaves the participants.</summary>
    public static (JsonObject Outputs, CaseEnd End) Compute(JsonObject c, IReadOnlyDictionary<string, CaseEnd> ends)
    {
        string kind = Text(c, "kind");
        var run = new AgreementRun(kind == "ika" ? CaseEnd.Empty : CaseEnd.Of(c, ends), c);
        JsonObject statics = run.AddParticipants(c);
        string initiator = Text(c, "initiator");
        Emission first = run.Start(kind, initiator, c);
        JsonArray steps = run.Deliver(initiator, first);
        string? undrawn = run._random.Keys.FirstOrDefault(m => !run.Draws(m).Exhausted);
        if (undrawn is not null)
        {
            throw new InvalidOperationException($"{undrawn} did not draw every random byte the case states");
        }

        (JsonObject chain, string finalId, byte[] chainHash) = run.Chain(steps);
        var end = new CaseEnd(run.Before[^1], new Dictionary<string, byte[]>(run._statics, StringComparer.Ordinal), [.. run.Packets]) { LastFinal = finalId, ChainHash = chainHash };
        var outputs = new JsonObject
        {
            ["static_public_keys"] = statics,
            ["steps"] = steps,
            ["chain"] = chain,
            ["parties"] = run.PartiesJson(initiator),
            ["twins"] = AgreementTwins.Of(c, run, ends),
        };
        return (outputs, end);
    }

    /// <summary>The participants the case introduces, each with its static identity key (<c>static_keys</c>, optional).</summary>
    private JsonObject AddParticipants(JsonObject c)
    {
        var publicKeys = new JsonObject();
        if (c["static_keys"] is not JsonObject keys)
        {
            return publicKeys;
        }

        foreach ((string member, _) in keys)
        {
            byte[] secret = Bytes(keys, member);
            _parties[member] = VectorParty.New(member, secret);
            byte[] publicKey = new byte[Ed25519.PublicKeySize];
            Ed25519.GeneratePublicKey(secret, 0, publicKey, 0);
            _statics[member] = publicKey;
            publicKeys[member] = Hex(publicKey);
        }

        return publicKeys;
    }

    /// <summary>The initiator's operation (§5.2.1 IKA upflow, inclusion, exclusion; §5.2.2 the same), GKA first, then ASKE.</summary>
    private Emission Start(string kind, string initiator, JsonObject c)
    {
        VectorParty party = Party(initiator);
        FixedRandom random = Draws(initiator);
        (CliquesMember gka, CliquesFlow gkaFlow, AskeMember aske, AskeFlow askeFlow) = kind switch
        {
            "ika" => StartAgreement(party, Texts(c, "members"), random),
            "include" => Include(party, Texts(c, "new_members"), random),
            "exclude" => Exclude(party, Texts(c, "excluded"), random),
            _ => throw new FormatException($"unknown agreement kind {kind}"),
        };
        _parties[initiator] = new VectorParty(gka, aske);
        return new Emission(gkaFlow, askeFlow);
    }

    private static (CliquesMember, CliquesFlow, AskeMember, AskeFlow) StartAgreement(VectorParty party, IReadOnlyList<string> members, FixedRandom random)
    {
        if (members.Count == 0 || members[0] != party.Self)
        {
            throw new FormatException("an initial agreement's members start with its initiator");
        }

        (CliquesMember gka, CliquesFlow gkaFlow) = party.Gka.StartAgreement([.. members.Skip(1)], random);
        (AskeMember aske, AskeFlow askeFlow) = party.Aske.StartExchange([.. members.Skip(1)], random);
        return (gka, gkaFlow, aske, askeFlow);
    }

    private static (CliquesMember, CliquesFlow, AskeMember, AskeFlow) Include(VectorParty party, IReadOnlyList<string> newMembers, FixedRandom random)
    {
        (CliquesMember gka, CliquesFlow gkaFlow) = party.Gka.Include(newMembers, random);
        (AskeMember aske, AskeFlow askeFlow) = party.Aske.Include(newMembers);
        return (gka, gkaFlow, aske, askeFlow);
    }

    private static (CliquesMember, CliquesFlow, AskeMember, AskeFlow) Exclude(VectorParty party, IReadOnlyList<string> excluded, FixedRandom random)
    {
        (CliquesMember gka, CliquesFlow gkaFlow) = party.Gka.Exclude(excluded, random);
        (AskeMember aske, AskeFlow askeFlow) = party.Aske.Exclude(excluded, random);
        return (gka, gkaFlow, aske, askeFlow);
    }

    /// <summary>Every packet of the operation, delivered in the order it was sent (class summary); the step records.</summary>
    private JsonArray Deliver(string initiator, Emission first)
    {
        var queue = new Queue<(string From, Emission Emission)>();
        queue.Enqueue((initiator, first));
        var steps = new JsonArray();
        while (queue.TryDequeue(out (string From, Emission Emission) next))
        {
            if (Packets.Count == MaxSteps)
            {
                throw new InvalidOperationException($"the operation did not end within {MaxSteps} packets");
            }

            (string from, Emission emission) = next;
            VectorParty sender = Party(from);
            ushort greetType = GreetType(_greetTypes, Packets.Count == 0 ? "initial" : StageName(emission.Stage));
            byte[] signingKey = sender.Aske.EphemeralSigningKey ?? throw new InvalidOperationException($"{from} has no ephemeral signing key");
            string? prevPf = Packets.Count == 0 ? _start.LastFinal : Ids[0];
            (byte[] packet, string wire, string id) = emission.Encode(greetType, prevPf, _start.ChainHash, _latest, signingKey);
            string[] receivers = emission.Stage switch
            {
                GreetingStage.Upflow => [emission.Gka!.Next ?? throw new InvalidOperationException($"{from}'s upflow names no next participant")],
                GreetingStage.Downflow => [.. emission.Aske.Members.Where(m => m != from)],
                _ => [.. sender.Aske.Members.Where(m => m != from)],
            };
            Before.Add(Snapshot());
            foreach (string receiver in receivers)
            {
                (VectorParty received, Emission? reply) = VectorGreeter.Receive(Party(receiver), wire, _statics, Draws(receiver));
                _parties[receiver] = received;
                if (reply is not null)
                {
                    queue.Enqueue((receiver, reply));
                }
            }

            steps.Add(StepJson(from, receivers, greetType, emission, sender, packet, wire));
            Packets.Add(packet);
            Ids.Add(id);
            Senders.Add(from);
        }

        Before.Add(Snapshot());
        return steps;
    }

    /// <summary>One step's record: who sent it to whom, its flows, the session signature with what it signs, the packet.</summary>
    private JsonObject StepJson(string from, string[] receivers, ushort greetType, Emission emission, VectorParty sender, byte[] packet, string wire)
    {
        var step = new JsonObject
        {
            ["from"] = from,
            ["to"] = TextArray(receivers),
            ["flow"] = StageName(emission.Stage),
            ["greet_type"] = GreetTypeHex(greetType),
        };
        if (emission.Stage != GreetingStage.Confirmation)
        {
            step["members"] = TextArray(emission.Aske.Members);
            step["intermediate_keys"] = HexArray(emission.Gka!.IntermediateKeys);
            step["nonces"] = HexArray(emission.Aske.Nonces);
            step["ephemeral_public_keys"] = HexArray(emission.Aske.EphemeralKeys);
        }

        Greeting greeting = GreetingPacket.DecodeUnauthenticated(packet);
        step["prev_pf"] = greeting.PrevPf is { } prevPf ? Hex(prevPf) : null;
        if (Packets.Count == 0)
        {
            step["chain_hash"] = greeting.ChainHash is { } chainHash ? Hex(chainHash) : null;
            step["latest_pm"] = HexArray(greeting.LatestPm);
        }

        if (emission.Aske.SessionSignature is { } signature)
        {
            byte[] sid = sender.Aske.SessionId ?? throw new InvalidOperationException($"{from} signs without a session");
            int own = sender.Aske.Members.ToList().IndexOf(from);
            byte[] m = AskeMember.Authenticator(from, sender.Aske.EphemeralKeys[own], sender.Aske.Nonces[own], sid);
            if (!Ed25519.Verify(signature, 0, _statics[from], 0, m, 0, m.Length))
            {
                throw new InvalidOperationException($"{from}'s session signature does not verify over its authenticator");
            }

            step["sid"] = Hex(sid);
            step["authenticator"] = Hex(m);
            step["session_signature"] = Hex(signature);
        }

        step["message_signature"] = Hex(Tlv.Decode(packet)[0].Value);
        step["packet"] = Hex(packet);
        step["packet_id"] = PacketId.Of(packet);
        step["wire"] = wire;
        return step;
    }

    /// <summary>
    /// The operation in the channel's chain (§3.3, MP-16): what came before, its initial packet, its final packet — the
    /// first after which every next member (the initial packet's MEMBERs) has sent its session signature, in a first
    /// downflow or a confirmation — and the chain hash SHA-256(previous chain ‖ initial id ‖ final id), ids as bytes.
    /// </summary>
    private (JsonObject Chain, string FinalId, byte[] ChainHash) Chain(JsonArray steps)
    {
        Greeting initial = GreetingPacket.DecodeUnauthenticated(Packets[0]);
        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        int final = -1;
        for (int i = 0; i < steps.Count && final < 0; i++)
        {
            if (Text(steps[i]!, "flow") != "upflow" && initial.Members.Contains(Senders[i], StringComparer.Ordinal))
            {
                acknowledged.Add(Senders[i]);
            }

            final = initial.Members.All(acknowledged.Contains) ? i : -1;
        }

        if (final < 0)
        {
            throw new InvalidOperationException("the operation did not finish: not every next member sent its session signature");
        }

        byte[] chainHash = OperationChain.Next(_start.ChainHash, Ids[0], Ids[final]);
        var chain = new JsonObject
        {
            ["previous_final_id"] = _start.LastFinal,
            ["previous_chain_hash"] = Hex(_start.ChainHash),
            ["initial_id"] = Ids[0],
            ["final_step"] = final,
            ["final_id"] = Ids[final],
            ["chain_hash"] = Hex(chainHash),
        };
        return (chain, Ids[final], chainHash);
    }

    /// <summary>Every participant of the operation's group at the end: contributions, shared secret, group key, sid.</summary>
    private JsonArray PartiesJson(string initiator)
    {
        var parties = new JsonArray();
        foreach (string member in Party(initiator).Gka.Members)
        {
            VectorParty party = Party(member);
            parties.Add(new JsonObject
            {
                ["member"] = member,
                ["contributions"] = HexArray(party.Gka.Contributions),
                ["shared_secret"] = party.Gka.Secret is { } secret ? Hex(secret) : null,
                ["group_key"] = party.Gka.IsReady ? Hex(party.Gka.GroupKey()) : null,
                ["sid"] = party.Aske.SessionId is { } sid ? Hex(sid) : null,
                ["complete"] = party.Aske.IsComplete,
            });
        }

        return parties;
    }

    internal static string StageName(GreetingStage stage) => stage switch
    {
        GreetingStage.Upflow => "upflow",
        GreetingStage.Downflow => "downflow",
        _ => "confirmation",
    };

    private VectorParty Party(string member) =>
        _parties.TryGetValue(member, out VectorParty? party) ? party : throw new KeyNotFoundException($"no participant {member}");

    private FixedRandom Draws(string member)
    {
        if (!_draws.TryGetValue(member, out FixedRandom? draws))
        {
            draws = new FixedRandom(RandomOf(member));
            _draws[member] = draws;
        }

        return draws;
    }

    private Dictionary<string, VectorParty> Snapshot() => new(_parties, StringComparer.Ordinal);
}
