using System.Text;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Ports;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;
using Wire = E2eeConformance.Engine.Wire;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// <c>rewrite: { …, reencrypt: { by, text | size }, as }</c>: the adversary's state copy seals a replacement under the
/// key of the message it rewrites (<see cref="Resealing"/>; a group message signed with the copy's identity key). The
/// copy is a new message of the ledger, named by the step's <c>as</c>, from the message's sender, which only the device
/// it goes to may read and nobody must: it carries a fresh msg_id (unless the step set one), so what the device reads
/// from it is told apart from the original.
/// </summary>
internal static class Forgery
{
    /// <summary>Re-encrypts <paramref name="copy"/> in place and records the forged message; returns how the transcript tells it.</summary>
    public static string Reencrypt(RunContext run, InFlightDelivery original, Wire.ProtoMsg copy, Reencryption step, string name, bool msgIdSet)
    {
        string by = run.Expand(step.By);
        Adversary adversary = run.Adversaries.GetValueOrDefault(by)
            ?? throw new ScenarioFailure($"expected {by} to be an adversary's state copy (the 'as' of an earlier compromise), but no compromise made it");
        if (copy.PayloadCase != Wire.ProtoMsg.PayloadOneofCase.E2EeMsg)
        {
            throw new ScenarioFailure($"expected an e2ee_msg to re-encrypt, but {run.Network.Describe(original)} is {original.Kind}");
        }

        if (adversary.Observes)
        {
            new AdversaryAttempts(run).Observe(adversary); // what it saw so far is in its keys
        }

        byte[] text = step.Text is { } t ? Encoding.UTF8.GetBytes(run.Expand(t)) : SendSteps.Filler(name, step.Size ?? 0);
        var random = new ReferenceStreamRandom($"e2ee-conformance/{run.Seed}/{run.Suite.Name}/adversary/{by}/reencrypt/{name}");
        try
        {
            copy.E2EeMsg = Resealing.Reseal(DeviceDriver.StateOf(adversary), copy.E2EeMsg, text, random);
        }
        catch (ProtocolException e)
        {
            throw new ScenarioFailure($"expected {by} (a copy of {adversary.Device}) to hold the key of {run.Network.Describe(original)} to re-encrypt it, but {ProtocolErrorCodes.Name(e.Code)}: {e.Detail}");
        }

        if (!msgIdSet)
        {
            copy.E2EeMsg.MsgId = Engine.Sessions.Uuid.New(random);
        }

        string sender = run.Roster.NameOf(copy.E2EeMsg.From);
        string target = copy.E2EeMsg.PayloadCase == Wire.E2eeMsg.PayloadOneofCase.GroupMsg ? run.Roster.NameOf(copy.E2EeMsg.To) : run.Roster.DeviceNamed(original.To).User;
        run.Ledger.Add(new SentMessage(name, text, sender, target, new HashSet<string>(StringComparer.Ordinal) { original.To }, run.Step)
        {
            Intended = new HashSet<string>(StringComparer.Ordinal),
        });
        run.Ledger.Alias(copy.E2EeMsg.MsgId, name);
        return $"re-encrypted by {by} as {name} {Transcript.Quote(text)}";
    }
}
