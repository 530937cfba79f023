using E2eeConformance.Engine.Wire;
using E2eeConformance.InMemoryServer.Tests.Support;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>The server is used from several threads at once (one lock; deliveries outside it).</summary>
public class ConcurrencyTests
{
    [Test]
    public void Concurrent_senders_lose_nothing_and_keep_each_senders_order()
    {
        var world = new TestWorld();
        Device bob = world.Register("bob", "phone");
        Device[] senders = Enumerable.Range(0, 4).Select(i => world.Register($"sender{i}", "phone")).ToArray();
        const int perSender = 50;

        Parallel.ForEach(senders, sender =>
        {
            for (int n = 0; n < perSender; n++)
            {
                world.Server.SendOne2oneMsg(sender.Credential, Requests.One2One(sender, bob.Address, (byte)n)).Code.Should().Be(ResponseCode.Ok);
            }
        });

        IReadOnlyList<ProtoMsg> pending = world.Pending(bob);
        pending.Should().HaveCount(senders.Length * perSender);
        pending.Select(m => m.Tag.ProtoMsgId).Should().OnlyHaveUniqueItems();
        world.Sink.To(bob.Address).Should().Equal(pending, "immediate delivery follows the store order");
        foreach (Device sender in senders)
        {
            pending.Where(m => m.From.Equals(sender.Address)).Select(m => (int)m.E2EeMsg.One2OneMsg.Ciphertext[0])
                .Should().Equal(Enumerable.Range(0, perSender));
        }
    }
}
