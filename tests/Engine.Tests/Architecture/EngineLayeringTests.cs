using E2eeConformance.Engine.Errors;
using E2eeConformance.TestSupport;

namespace E2eeConformance.Engine.Tests.Architecture;

/// <summary>
/// The engine's folders are layers (README.md, "What is in the box"): no namespace imports one that imports it back, and every
/// dependency points down the layer order below. Read from the compiled assembly, method bodies included, and from the
/// sources for what compiled code does not show (constants).
/// </summary>
[TestFixture]
public sealed class EngineLayeringTests
{
    /// <summary>
    /// The engine's namespaces, lowest first: each may use only the ones before it. Wire is the generated protobuf code;
    /// Protocol holds the notions both sides of the wire share (limits, addresses, ids, parsing helpers, versions); Ports
    /// are the plugin-handler interfaces, which name nothing above them.
    /// </summary>
    private static readonly string[] LayerOrder =
        ["Errors", "Wire", "Protocol", "Ports", "Crypto", "Accounts", "Sessions", "Groups", "Client"];

    private const string SampleRoot = "E2eeConformance.Engine.Tests.Architecture.Samples.";

    private static readonly Lazy<NamespaceGraph> Engine = new(() =>
    {
        NamespaceGraph graph = NamespaceGraph.Read(typeof(ProtocolErrorCode).Assembly.Location);
        SourceReferences.AddTo(graph, Path.Combine(SharedPaths.RepoRoot, "src", "Engine"));
        return graph;
    });

    [Test]
    public void No_engine_namespace_depends_on_itself_through_another()
    {
        NamespaceGraph graph = Engine.Value;

        IEnumerable<string> cycles = NamespaceCycles.Find(graph).Select(cycle => NamespaceCycles.Describe(graph, cycle));

        cycles.Should().BeEmpty("a folder is a layer and no layer may import one that imports it back");
    }

    [Test]
    public void Every_engine_dependency_points_down_the_layer_order()
    {
        NamespaceGraph graph = Engine.Value;
        foreach ((string from, string to) in graph.Edges())
        {
            TestContext.Out.WriteLine($"{from} → {to}");
        }

        IEnumerable<string> upward = graph.Edges()
            .Where(edge => Array.IndexOf(LayerOrder, edge.To) >= Array.IndexOf(LayerOrder, edge.From))
            .Select(edge => $"{edge.From} → {edge.To} via {graph.Reason(edge.From, edge.To)}");

        upward.Should().BeEmpty($"the layer order is {string.Join(" < ", LayerOrder)}");
    }

    [Test]
    public void Every_engine_namespace_has_a_place_in_the_layer_order()
    {
        Engine.Value.Namespaces.Should().BeSubsetOf(LayerOrder);
    }

    [Test]
    public void The_graph_sees_the_engines_known_dependencies()
    {
        NamespaceGraph graph = Engine.Value;

        graph.Targets("Client").Should().Contain(["Sessions", "Groups", "Accounts", "Ports", "Wire"]);
        graph.Targets("Sessions").Should().Contain(["Crypto", "Errors", "Wire"]);
    }

    [Test]
    public void A_dependency_named_only_inside_a_method_body_is_seen()
    {
        NamespaceGraph graph = NamespaceGraph.Read(typeof(EngineLayeringTests).Assembly.Location, SampleRoot);

        graph.Targets("BodyOnly").Should().Equal("Target");
        graph.Reason("BodyOnly", "Target").Should().Be("BodyOnly.Caller uses Target.Callee; BodyOnly.Caller uses Target.Marker");
    }

    [Test]
    public void A_namespace_cycle_is_found_and_named_with_the_types_that_cause_it()
    {
        NamespaceGraph graph = NamespaceGraph.Read(typeof(EngineLayeringTests).Assembly.Location, SampleRoot);

        IEnumerable<string> cycles = NamespaceCycles.Find(graph).Select(cycle => NamespaceCycles.Describe(graph, cycle));

        cycles.Should().Equal("CycleA → CycleB → CycleA via CycleA.Left uses CycleB.Right; CycleB.Right uses CycleA.Left");
    }

    [Test]
    public void A_dependency_only_on_a_constant_is_seen_in_the_sources_though_not_in_the_assembly()
    {
        NamespaceGraph graph = NamespaceGraph.Read(typeof(EngineLayeringTests).Assembly.Location, SampleRoot);
        graph.Targets("ConstOnly").Should().BeEmpty("the compiler copied the constant's value into the IL");

        SourceReferences.AddTo(graph, Path.Combine(SharedPaths.RepoRoot, "tests", "Engine.Tests", "Architecture", "Samples"), SampleRoot);

        graph.Targets("ConstOnly").Should().Equal("Target");
        graph.Reason("ConstOnly", "Target").Should().Be("ConstOnly.cs names Target.Limits");
    }
}
