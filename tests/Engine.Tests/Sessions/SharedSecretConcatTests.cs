using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Tests.Sessions;

/// <summary><see cref="SharedSecret.Concat"/> joins the parts in order and wipes the parts it was handed.</summary>
public sealed class SharedSecretConcatTests
{
    [Test]
    public void Concat_joins_the_parts_in_order_into_one_secret_of_the_exact_length()
    {
        byte[] a = [1, 2, 3];
        byte[] b = [4, 5];
        byte[] c = [6, 7, 8, 9];

        using SecretBytes joined = SharedSecret.Concat([SecretBytes.Copy(a), SecretBytes.Copy(b), SecretBytes.Copy(c)]);

        joined.ToArray().Should().Equal(1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    [Test]
    public void Concat_wipes_every_part_it_was_handed()
    {
        SecretBytes first = SecretBytes.Copy([0xAA, 0xBB]);
        SecretBytes second = SecretBytes.Copy([0xCC, 0xDD, 0xEE]);

        using SecretBytes joined = SharedSecret.Concat([first, second]);

        first.ToArray().Should().OnlyContain(x => x == 0);
        second.ToArray().Should().OnlyContain(x => x == 0);
        joined.ToArray().Should().Equal(0xAA, 0xBB, 0xCC, 0xDD, 0xEE);
    }

    [Test]
    public void Concat_of_no_parts_is_the_empty_secret()
    {
        using SecretBytes joined = SharedSecret.Concat([]);

        joined.Length.Should().Be(0);
    }
}
