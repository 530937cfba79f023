using E2eeConformance.Mpenc.Aske;
using E2eeConformance.Mpenc.Gka;
using E2eeConformance.Mpenc.Messages;

namespace E2eeConformance.Mpenc.Vectors;

/// <summary>
/// What a participant sends after starting an operation or processing a packet: its GKA flow (seed 003 §5.2.1; none in
/// a confirmation) and its ASKE flow (§5.2.2), which together make one greeting packet (§5.2.3): an upflow carries DEST,
/// the members, the intermediate keys, nonces and ephemeral keys so far; the first downflow the members, every key,
/// nonce and ephemeral key and the sender's session signature; a confirmation the session signature alone. The vectors
/// carry no PREV_PF, CHAIN_HASH or LATEST_PM ([b]: the greeter's chain of operations is not part of them).
/// </summary>
internal sealed record Emission(CliquesFlow? Gka, AskeFlow Aske)
{
    /// <summary>Which packet of the operation this is.</summary>
    public GreetingStage Stage =>
        Aske.Kind == AskeFlowKind.Upflow ? GreetingStage.Upflow : Aske.Nonces.Count > 0 ? GreetingStage.Downflow : GreetingStage.Confirmation;

    /// <summary>The greeting packet's content, with <paramref name="greetType"/> as GREET_TYPE.</summary>
    public Greeting ToGreeting(ushort greetType)
    {
        if (Stage == GreetingStage.Confirmation)
        {
            return new Greeting(greetType, Aske.Source, null, [], [], [], [], null, null, [], Aske.SessionSignature);
        }

        CliquesFlowKind expected = Stage == GreetingStage.Upflow ? CliquesFlowKind.Upflow : CliquesFlowKind.Downflow;
        if (Gka is null || Gka.Kind != expected || !Gka.Members.SequenceEqual(Aske.Members, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"{Aske.Source}'s GKA and ASKE flows do not make one {Stage} packet");
        }

        return Stage == GreetingStage.Upflow
            ? new Greeting(greetType, Aske.Source, Gka.Next, Aske.Members, Gka.IntermediateKeys, Aske.Nonces, Aske.EphemeralKeys, null, null, [], null)
            : new Greeting(greetType, Aske.Source, null, Aske.Members, Gka.IntermediateKeys, Aske.Nonces, Aske.EphemeralKeys, null, null, [], Aske.SessionSignature);
    }
}
