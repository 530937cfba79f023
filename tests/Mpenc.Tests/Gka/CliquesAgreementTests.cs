using CsCheck;
using E2eeConformance.Mpenc.Errors;
using E2eeConformance.Mpenc.Gka;
using X25519 = Org.BouncyCastle.Math.EC.Rfc7748.X25519;

namespace E2eeConformance.Mpenc.Tests.Gka;

/// <summary>
/// The CLIQUES group key agreement over x25519 of seed 003 §5.2.1, against the document's own examples: the upflows u1–u3
/// and the downflow d of an initial agreement of four, the inclusion of p5 by p1 (u1′, d′), then exclusion, refresh and
/// departure — every intermediate key recomputed here from the contributions with X25519 directly, and every
/// participant ending with the same secret. Refusals are typed and change nothing.
/// </summary>
[TestFixture]
public sealed class CliquesAgreementTests
{
    private static byte[] G => [9, .. new byte[31]];

    /// <summary>The scalars applied to G in order (X25519 each time, as the document's x_a x_b … G).</summary>
    private static byte[] Mul(byte[] point, params byte[][] scalars)
    {
        byte[] value = point;
        foreach (byte[] x in scalars)
        {
            byte[] next = new byte[32];
            X25519.ScalarMult(x, 0, value, 0, next, 0);
            value = next;
        }

        return value;
    }

    private static (CliquesMember[] Members, CliquesFlow[] Upflows, CliquesFlow Downflow) AgreeAmongFour()
    {
        var random = new SeededRandom("ika");
        CliquesMember[] p = [.. new[] { "p1", "p2", "p3", "p4" }.Select(CliquesMember.New)];
        (p[0], CliquesFlow u1) = p[0].StartAgreement(["p2", "p3", "p4"], random);
        (p[1], CliquesFlow u2) = p[1].OnUpflow(u1, random);
        (p[2], CliquesFlow u3) = p[2].OnUpflow(u2, random);
        (p[3], CliquesFlow d) = p[3].OnUpflow(u3, random);
        for (int i = 0; i < 3; i++)
        {
            p[i] = p[i].OnDownflow(d);
        }

        return (p, [u1, u2, u3], d);
    }

    private static void AllShareOneSecret(params CliquesMember[] members)
    {
        members.Should().OnlyContain(m => m.IsReady);
        members.Select(m => Convert.ToHexString(m.Secret!)).Distinct().Should().ContainSingle();
        members.Select(m => Convert.ToHexString(m.GroupKey())).Distinct().Should().ContainSingle();
    }

    [Test]
    public void An_initial_agreement_of_four_follows_the_documents_upflows_and_downflow()
    {
        (CliquesMember[] p, CliquesFlow[] u, CliquesFlow d) = AgreeAmongFour();
        byte[] x1 = p[0].Contributions[0], x2 = p[1].Contributions[0], x3 = p[2].Contributions[0], x4 = p[3].Contributions[0];

        u[0].Members.Should().Equal("p1", "p2", "p3", "p4");
        u[0].IntermediateKeys.Should().BeEquivalentTo(new[] { G, Mul(G, x1) }, o => o.WithStrictOrdering());
        u[1].IntermediateKeys.Should().BeEquivalentTo(new[] { Mul(G, x2), Mul(G, x1), Mul(G, x1, x2) }, o => o.WithStrictOrdering());
        u[2].IntermediateKeys.Should().BeEquivalentTo(new[] { Mul(G, x2, x3), Mul(G, x1, x3), Mul(G, x1, x2), Mul(G, x1, x2, x3) }, o => o.WithStrictOrdering());
        d.Kind.Should().Be(CliquesFlowKind.Downflow);
        d.IntermediateKeys.Should().BeEquivalentTo(new[] { Mul(G, x2, x3, x4), Mul(G, x1, x3, x4), Mul(G, x1, x2, x4), Mul(G, x1, x2, x3) }, o => o.WithStrictOrdering());

        AllShareOneSecret(p);
        p[0].Secret.Should().Equal(Mul(G, x2, x3, x4, x1), "x1·x4x3x2G = x2·x4x3x1G = … (the document's equation)");
        p[0].Members.Should().Equal("p1", "p2", "p3", "p4");
    }

    [Test]
    public void Including_p5_follows_the_documents_u1_prime_and_d_prime()
    {
        (CliquesMember[] p, _, _) = AgreeAmongFour();
        byte[] oldSecret = p[0].Secret!;
        var random = new SeededRandom("include");
        byte[] x1 = p[0].Contributions[0], x2 = p[1].Contributions[0], x3 = p[2].Contributions[0], x4 = p[3].Contributions[0];

        (CliquesMember p1, CliquesFlow up) = p[0].Include(["p5"], random);
        byte[] x1Prime = p1.Contributions[1];
        p1.Contributions.Should().HaveCount(2, "the old contribution is kept beside the new one, never combined");
        up.Members.Should().Equal("p1", "p2", "p3", "p4", "p5");
        up.Next.Should().Be("p5");
        up.IntermediateKeys.Should().BeEquivalentTo(
            new[] { Mul(G, x2, x3, x4), Mul(G, x1, x3, x4, x1Prime), Mul(G, x1, x2, x4, x1Prime), Mul(G, x1, x2, x3, x1Prime), Mul(G, x2, x3, x4, x1, x1Prime) },
            o => o.WithStrictOrdering());

        (CliquesMember p5, CliquesFlow down) = CliquesMember.New("p5").OnUpflow(up, random);
        byte[] x5 = p5.Contributions[0];
        down.IntermediateKeys.Should().BeEquivalentTo(
            new[] { Mul(G, x2, x3, x4, x5), Mul(G, x1, x3, x4, x1Prime, x5), Mul(G, x1, x2, x4, x1Prime, x5), Mul(G, x1, x2, x3, x1Prime, x5), Mul(G, x2, x3, x4, x1, x1Prime) },
            o => o.WithStrictOrdering());

        CliquesMember[] all = [p1.OnDownflow(down), p[1].OnDownflow(down), p[2].OnDownflow(down), p[3].OnDownflow(down), p5];
        AllShareOneSecret(all);
        all[0].Secret.Should().NotEqual(oldSecret);
    }

    [Test]
    public void Including_two_at_once_extends_the_upflow_once_per_new_member()
    {
        (CliquesMember[] p, _, _) = AgreeAmongFour();
        var random = new SeededRandom("include two");
        (CliquesMember p2, CliquesFlow up) = p[1].Include(["p5", "p6"], random);
        up.Next.Should().Be("p5");
        (CliquesMember p5, CliquesFlow up2) = CliquesMember.New("p5").OnUpflow(up, random);
        up2.Kind.Should().Be(CliquesFlowKind.Upflow);
        up2.Next.Should().Be("p6");
        (CliquesMember p6, CliquesFlow down) = CliquesMember.New("p6").OnUpflow(up2, random);
        AllShareOneSecret(p[0].OnDownflow(down), p2.OnDownflow(down), p[2].OnDownflow(down), p[3].OnDownflow(down), p5.OnDownflow(down), p6);
    }

    [Test]
    public void Exclusion_refresh_and_departure_leave_the_rest_with_a_new_common_secret()
    {
        (CliquesMember[] p, _, _) = AgreeAmongFour();
        var random = new SeededRandom("change");
        byte[] before = p[0].Secret!;

        (CliquesMember p2, CliquesFlow exclusion) = p[1].Exclude(["p3"], random);
        exclusion.Members.Should().Equal("p1", "p2", "p4");
        CliquesMember[] rest = [p[0].OnDownflow(exclusion), p2, p[3].OnDownflow(exclusion)];
        AllShareOneSecret(rest);
        rest[0].Secret.Should().NotEqual(before);
        FluentActions.Invoking(() => p[2].OnDownflow(exclusion)).Should().Throw<MpencException>().Which.Code.Should().Be(MpencErrorCode.NotAMember);

        (CliquesMember p4, CliquesFlow refresh) = rest[2].Refresh(random);
        (p4, CliquesFlow again) = p4.Refresh(random);
        p4.Contributions.Should().HaveCount(3, "each refresh adds a contribution; all are kept");
        AllShareOneSecret(rest[0].OnDownflow(refresh).OnDownflow(again), rest[1].OnDownflow(refresh).OnDownflow(again), p4);

        // p1 says it leaves (a data message, §5.2.1 "Member Departure"); p4 excludes it.
        (CliquesMember p4Alone, CliquesFlow departure) = p4.Exclude(["p1"], random);
        AllShareOneSecret(rest[1].OnDownflow(refresh).OnDownflow(again).OnDownflow(departure), p4Alone);
    }

    [Test]
    public void Refusals_are_typed_and_change_nothing()
    {
        (CliquesMember[] p, CliquesFlow[] u, CliquesFlow d) = AgreeAmongFour();
        var random = new SeededRandom("refusals");
        CliquesMember fresh = CliquesMember.New("p9");

        void Refused(Action act, MpencErrorCode code) => act.Should().Throw<MpencException>().Which.Code.Should().Be(code);

        Refused(() => p[2].OnUpflow(u[0], random), MpencErrorCode.WrongTurn);
        Refused(() => fresh.OnUpflow(u[0], random), MpencErrorCode.NotAMember);
        Refused(() => fresh.OnDownflow(d), MpencErrorCode.NotAMember);
        Refused(() => CliquesMember.New("p2").OnDownflow(d), MpencErrorCode.WrongTurn);
        Refused(() => fresh.Refresh(random), MpencErrorCode.WrongTurn);
        Refused(() => p[0].Exclude(["p9"], random), MpencErrorCode.NotAMember);
        Refused(() => p[0].Exclude(["p1"], random), MpencErrorCode.BadMembers);
        Refused(() => p[0].Include(["p2"], random), MpencErrorCode.BadMembers);
        Refused(() => p[0].StartAgreement(["p2", "p2"], random), MpencErrorCode.BadMembers);
        Refused(() => p[1].OnUpflow(u[0] with { IntermediateKeys = [G, new byte[31]] }, random), MpencErrorCode.Malformed);
        Refused(() => CliquesMember.New("p2").OnUpflow(u[0] with { IntermediateKeys = [G, new byte[32]] }, random), MpencErrorCode.DegenerateKey);
        Refused(() => p[1].OnUpflow(u[0], random), MpencErrorCode.WrongTurn); // a member contributes once: a replayed upflow cannot reset it
        Refused(() => p[0].StartAgreement(["p2"], random), MpencErrorCode.WrongTurn);
        (CliquesMember including, _) = p[0].Include(["p5"], random);
        including.IsIncluding.Should().BeTrue();
        Refused(() => including.Refresh(random), MpencErrorCode.WrongTurn); // its next change waits for the inclusion's downflow
        Refused(() => p[0].OnDownflow(d with { IntermediateKeys = [.. d.IntermediateKeys.Take(3)] }), MpencErrorCode.Malformed);
        Refused(() => p[0].OnDownflow(d with { Kind = CliquesFlowKind.Upflow }), MpencErrorCode.Malformed);

        AllShareOneSecret(p);
        p[0].Contributions.Should().HaveCount(1);
    }

    [Test]
    public void Arrays_handed_out_are_copies_that_change_no_member()
    {
        (CliquesMember[] p, _, CliquesFlow d) = AgreeAmongFour();
        byte[] secret = (byte[])p[0].Secret!.Clone();
        (CliquesMember p1, CliquesFlow refresh) = p[0].Refresh(new SeededRandom("copies"));
        byte[] keyBefore = (byte[])p1.IntermediateKeys[0].Clone();
        refresh.IntermediateKeys[0][0] ^= 1;
        p1.IntermediateKeys[0][0] ^= 1;
        d.IntermediateKeys[0][0] ^= 1;
        p1.IntermediateKeys[0].Should().Equal(keyBefore);
        p[0].Secret.Should().Equal(secret);
        (CliquesMember after, _) = p1.Refresh(new SeededRandom("copies again"));
        after.IsReady.Should().BeTrue();
    }

    [Test]
    public void Any_altered_flow_is_refused_with_a_code_or_processed_never_an_other_exception()
    {
        (CliquesMember[] p, CliquesFlow[] u, CliquesFlow d) = AgreeAmongFour();
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 31], Gen.Int[0, 7], Gen.Bool)
            .Sample((key, index, bit, downflow) =>
            {
                CliquesFlow flow = downflow ? d : u[0];
                byte[][] keys = [.. flow.IntermediateKeys.Select(k => (byte[])k.Clone())];
                keys[key % keys.Length][index] ^= (byte)(1 << bit);
                try
                {
                    _ = downflow ? p[0].OnDownflow(flow with { IntermediateKeys = keys }) : p[1].OnUpflow(flow with { IntermediateKeys = keys }, new SeededRandom("any")).Member;
                }
                catch (MpencException)
                {
                    // a typed refusal is fine; anything else fails the property
                }

                return p[0].IsReady && p[0].Contributions.Count == 1;
            }, iter: 200);
    }
}
