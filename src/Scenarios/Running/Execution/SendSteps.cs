using System.Text;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// The <c>send</c> step: a text (or a filler of a size) from a device to a user or a group, recorded in the ledger with
/// the devices allowed to decrypt it (the recipients at send time) and those the sender knew of (the intended ones).
/// </summary>
internal sealed class SendSteps(RunContext run, EventRecorder events)
{
    /// <summary>Short texts are not watched at the server: they could occur in other bytes by chance.</summary>
    private const int MinWatchedLength = 8;

    /// <summary>Sends one message and records it.</summary>
    public void Send(SendStep step)
    {
        Adversary? impostor = run.Adversaries.GetValueOrDefault(run.Expand(step.From));
        SimDevice from = run.Roster.DeviceNamed(impostor?.Device ?? step.From);
        string name = run.NewMessageName(step.As);

        byte[] text = step.Text is { } t ? Encoding.UTF8.GetBytes(run.Expand(t)) : Filler(name, step.Size ?? 0);
        string to = run.Expand(step.To);
        if (to.StartsWith(SendStep.GroupPrefix, StringComparison.Ordinal))
        {
            SimGroup group = run.Roster.GroupNamed(to);
            HashSet<string> allowed = new(group.Members.SelectMany(run.Roster.DevicesOfUser).Select(d => d.Name).Where(d => d != from.Name), StringComparer.Ordinal);
            var message = new SentMessage(name, text, from.Name, SendStep.GroupPrefix + group.Name, allowed, run.Step);
            Record(message);
            try
            {
                if (impostor is not null)
                {
                    Impersonate(impostor, name, d => d.SendGroupText(group.Address, text));
                }
                else
                {
                    run.Driver.SendGroupText(from, group, text);
                }
            }
            catch (Engine.Client.DeviceCommandException refused)
            {
                // A typed refusal of the command (unknown_group, too_many_waiting_texts): an error of the sender, which an
                // expectation can claim; the message is never encrypted.
                run.Findings.AddError(new RecordedError(from.Name, refused.Code, name, "a step", refused.Message, run.Step));
                run.Say($"  {from.Name} error {refused.Code}");
            }

            // An implementation that does not report its view: every allowed device is intended.
            IEnumerable<string> view = run.Driver.GroupViewOf(from, group)?.Select(run.Roster.NameOf) ?? allowed;
            message.Intended = new HashSet<string>(view.Where(allowed.Contains), StringComparer.Ordinal);
        }
        else
        {
            string user = run.Roster.UsersOf([to]).Single();
            HashSet<string> allowed = new(run.Roster.DevicesOfUser(user).Concat(run.Roster.DevicesOfUser(from.User)).Select(d => d.Name).Where(d => d != from.Name), StringComparer.Ordinal);
            var message = new SentMessage(name, text, from.Name, user, allowed, run.Step);
            Record(message);
            if (impostor is not null)
            {
                Impersonate(impostor, name, d => d.SendText(run.Server.Domain, user, text));
            }
            else
            {
                run.Driver.SendText(from, user, text);
            }

            IEnumerable<string> view = impostor is null ? run.Driver.PeersOf(from)?.Select(run.Roster.NameOf) ?? allowed : allowed;
            message.Intended = new HashSet<string>(view.Where(allowed.Contains), StringComparer.Ordinal);
        }

        events.Drain();
    }

    /// <summary>
    /// The adversary sends as the device it compromised (<c>send: { from: ADVERSARY }</c>): its copy of the state, with
    /// the device's credential, talks to the server; what it encrypts is the device's message to everyone else.
    /// </summary>
    private void Impersonate(Adversary adversary, string message, Action<Engine.Client.Device> act)
    {
        run.Say($"  {adversary.Name} acts as {adversary.Device}");
        run.Diagram.Note(adversary.Device, $"{adversary.Name} acts as {adversary.Device}");
        var random = new Engine.Ports.ReferenceStreamRandom($"e2ee-conformance/{run.Seed}/{run.Suite.Name}/adversary/{adversary.Name}/send/{message}");
        run.Driver.Impersonate(adversary, random, act);
    }

    /// <summary>The bytes of a <c>size:</c> send: the message name, then a deterministic pattern.</summary>
    public static byte[] Filler(string name, int size)
    {
        byte[] bytes = new byte[size];
        byte[] prefix = Encoding.UTF8.GetBytes(name + ":");
        for (int i = 0; i < size; i++)
        {
            bytes[i] = i < prefix.Length ? prefix[i] : (byte)('a' + (i % 26));
        }

        return bytes;
    }

    private void Record(SentMessage message)
    {
        run.Ledger.Add(message);
        if (message.Text.Length >= MinWatchedLength)
        {
            run.Findings.Watch(message.Text);
        }
    }
}
