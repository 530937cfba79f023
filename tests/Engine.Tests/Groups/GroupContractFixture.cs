using E2eeConformance.Engine.Errors;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Protocol;
using E2eeConformance.Engine.Tests.Support;
using E2eeConformance.TestSupport;
using static E2eeConformance.Engine.Tests.Support.Tamper;

namespace E2eeConformance.Engine.Tests.Groups;

using Wire = E2eeConformance.Engine.Wire;

/// <summary>
/// The base of the group session contract fixtures, which run over every suite except SLH-DSA (seed 000 §Group
/// message; REFERENCE-BEHAVIOUR §35–41): a party of members per test, and the checks they share — a rejected message
/// names its code and leaves the state byte-for-byte unchanged (compute, then commit), every member agrees on every
/// chain, and every member reads every other member.
/// </summary>
public abstract class GroupContractFixture(string suiteName) : CipherSuiteFixture(suiteName)
{
    /// <summary>The suites the group contract runs over.</summary>
    public static readonly string[] Suites = ["pqc", "ecc", "mlkem512-mldsa44", "mlkem768-mldsa65"];

    private protected const long NowMs = GroupParty.NowMs;

    private protected static readonly long GraceMs = (long)ProtocolLimits.RetiredGroupSessionGrace.TotalMilliseconds;

    private protected GroupParty Group(string label, params string[] names) => GroupParty.Create(Suite, label, names);

    private protected static string Label([System.Runtime.CompilerServices.CallerMemberName] string test = "") => test;

    /// <summary>
    /// Asserts that <paramref name="receiver"/> rejects <paramref name="message"/> with <paramref name="code"/> (any
    /// <see cref="ProtocolException"/> when null) through <see cref="GroupState.Decrypt"/>, and that its state is
    /// byte-for-byte what it was (compute, then commit).
    /// </summary>
    private protected static ProtocolException RejectsUnchanged(GroupParty p, string receiver, Wire.E2eeMsg message, ProtocolErrorCode? code, long nowMs = NowMs)
    {
        GroupState before = p[receiver].State;
        string dump = GroupStateDump.Of(before);
        ProtocolException e = code is { } c
            ? Rejects(() => p.Receive(receiver, message, nowMs), c)
            : ((Action)(() => p.Receive(receiver, message, nowMs))).Should().Throw<ProtocolException>().Which;
        p[receiver].State.Should().BeSameAs(before, "a failed decrypt commits nothing");
        GroupStateDump.Of(before).Should().Be(dump, "a failed decrypt must leave the state unchanged ({0})", e.Message);
        return e;
    }

    /// <summary>As <see cref="RejectsUnchanged"/>, on a bare <see cref="GroupSession"/>.</summary>
    private protected static ProtocolException SessionRejectsUnchanged(GroupSession session, Wire.E2eeMsg message, ProtocolErrorCode? code)
    {
        string dump = GroupStateDump.Of(session);
        ProtocolException e = code is { } c
            ? Rejects(() => session.Decrypt(message), c)
            : ((Action)(() => session.Decrypt(message))).Should().Throw<ProtocolException>().Which;
        GroupStateDump.Of(session).Should().Be(dump, "a failed decrypt must leave the session unchanged ({0})", e.Message);
        return e;
    }

    private protected static void AllChainsAgree(GroupParty p, string because) =>
        p.ChainDisagreements().Should().BeEmpty(because);

    /// <summary>Every member sends one message and every other member decrypts it, naming the right sender.</summary>
    private protected static void EveryoneReadsEveryone(GroupParty p, string prefix, long nowMs = NowMs)
    {
        foreach (GroupParty.MemberDevice sender in p.Members.ToList())
        {
            string text = $"{prefix} from {sender.Name}";
            Wire.E2eeMsg message = p.Send(sender.Name, text);
            foreach (GroupParty.MemberDevice receiver in p.Members.Where(m => m != sender).ToList())
            {
                (GroupMember from, string got) = p.ReceiveFrom(receiver.Name, message, nowMs);
                got.Should().Be(text, "{0} reads {1}'s message", receiver.Name, sender.Name);
                from.Key.Should().Be(sender.Key);
                from.SignPublicKey.Should().Equal(sender.Member.SignPublicKey);
            }
        }
    }

    /// <summary>Alice sends three messages; Bob receives the third first, so he holds skipped keys 0 and 1. Returns the first.</summary>
    private protected GroupParty BobHoldsSkippedKeys(string label, out Wire.E2eeMsg first)
    {
        GroupParty p = Group(label, "alice", "bob", "carol");
        List<Wire.E2eeMsg> sent = p.SendMany("alice", "m", 3);
        p.Receive("bob", sent[2]).Should().Be("m2");
        p["bob"].Session.Receivers[p["alice"].Key].Current.SkippedKeys.Keys.Should().Equal(0u, 1u);
        first = sent[0];
        return p;
    }
}
