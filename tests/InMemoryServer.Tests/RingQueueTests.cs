using E2eeConformance.InMemoryServer.State;

namespace E2eeConformance.InMemoryServer.Tests;

/// <summary>The array queue behind the id windows: a model check against a list, across wrap-arounds and growth.</summary>
public class RingQueueTests
{
    [Test]
    public void It_behaves_as_a_list_through_every_operation_wrap_around_and_growth()
    {
        var queue = new RingQueue<int>();
        var model = new List<int>();
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            switch (random.Next(model.Count == 0 ? 2 : 4))
            {
                case 0:
                    queue.AddLast(i);
                    model.Add(i);
                    break;
                case 1:
                    queue.AddFirst(i);
                    model.Insert(0, i);
                    break;
                case 2:
                    queue.RemoveFirst().Should().Be(model[0]);
                    model.RemoveAt(0);
                    break;
                default:
                    queue.RemoveLast();
                    model.RemoveAt(model.Count - 1);
                    break;
            }

            queue.Count.Should().Be(model.Count);
        }

        queue.Items().Should().Equal(model);
    }

    [Test]
    public void An_empty_queue_refuses_to_give_what_it_does_not_have()
    {
        var queue = new RingQueue<string>();

        FluentActions.Invoking(() => queue.RemoveFirst()).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(queue.RemoveLast).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => queue.First).Should().Throw<InvalidOperationException>();
    }
}
