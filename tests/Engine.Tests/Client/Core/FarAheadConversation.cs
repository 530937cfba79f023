using System.Collections.Immutable;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Sessions;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Client.Core;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// Honest reordering beyond the jump limit (issue 11): Bob writes <see cref="FirstChain"/> messages of which Alice
/// reads only the first, Alice replies (Bob's ratchet steps), Bob writes <see cref="SecondChain"/> more on a new chain.
/// Reading the second chain's message at sequence s first would skip (FirstChain − 1) + s keys: 600 for the last one.
/// </summary>
/// <param name="Alice">Alice's device state: her session with Bob after the first message and her reply.</param>
/// <param name="First">Bob's first chain ("x0" … ); Alice read x0.</param>
/// <param name="Second">Bob's second chain ("y0" … ), none read.</param>
internal sealed record FarAheadConversation(DeviceState Alice, IReadOnlyList<Wire.E2eeMsg> First, IReadOnlyList<Wire.E2eeMsg> Second)
{
    public const int FirstChain = 302;

    public const int SecondChain = 300;

    /// <summary>The last message of the second chain: 600 keys ahead when it arrives first.</summary>
    public Wire.E2eeMsg Farthest => Second[^1];

    /// <summary>
    /// The first-chain index whose arrival (after all before it, in order) brings <paramref name="sequence"/> of the
    /// second chain within <see cref="ProtocolLimits.MaxForwardJump"/>: (FirstChain − 1 − k) + sequence ≤ limit.
    /// </summary>
    public static int NarrowingIndex(uint sequence) => FirstChain - 1 + (int)sequence - ProtocolLimits.MaxForwardJump;

    public static FarAheadConversation Build(CipherSuite suite, string label)
    {
        TwoParties p = TwoParties.Establish(suite, label);
        p.BobReceives(p.AliceSends("hi"));
        List<Wire.E2eeMsg> first = p.BobSendsMany("x", FirstChain);
        p.AliceReceives(first[0]);
        p.BobReceives(p.AliceSends("reply"));
        List<Wire.E2eeMsg> second = p.BobSendsMany("y", SecondChain);
        DeviceState alice = new DeviceState(
                suite,
                ProtocolVersion.E2ees,
                TwoParties.AliceAddress.Clone(),
                "token-alice",
                p.Alice,
                ImmutableDictionary<string, PeerSessions>.Empty,
                ImmutableDictionary<string, DeviceGroup>.Empty,
                [],
                [])
            .WithPeer(new PeerSessions(TwoParties.BobAddress.Clone(), [p.AliceSession], []));
        return new FarAheadConversation(alice, first, second);
    }

    /// <summary>One delivery through <see cref="DeviceCore.Step"/> under the proto message id <paramref name="id"/>.</summary>
    public static DeviceStep Deliver(DeviceState state, string id, Wire.E2eeMsg message) =>
        CoreDriver.Step(state, new ServerMessageReceived(CoreDriver.Delivered(id, message)), id);

    /// <summary>Delivers First[from .. to] in order; the state after the last one.</summary>
    public DeviceState DeliverFirst(DeviceState state, int from, int to)
    {
        for (int k = from; k <= to; k++)
        {
            state = Deliver(state, $"x-{k}", First[k]).State with { Outbox = [], Unacknowledged = [] };
        }

        return state;
    }
}
