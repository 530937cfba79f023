using System.Reflection;
using System.Runtime.Loader;

namespace E2eeConformance.Engine.Tests.Wire;

/// <summary>
/// Google.Protobuf keeps a process-wide cache of extensions in an unsynchronised dictionary
/// (protocolbuffers/protobuf#29696): two threads that build their first file descriptors at the
/// same time can corrupt it, and every later use of the wire types then fails with a
/// TypeInitializationException. The engine builds all its descriptors once, on one thread,
/// when its module loads. These tests load the engine and Google.Protobuf afresh, so the
/// cache is empty, and race threads at the descriptors the way a multi-threaded host does.
/// </summary>
[TestFixture]
public sealed class WireDescriptorRaceTests
{
    // Without the module initializer about one round in 60 failed here (3 of 200, 2 cores);
    // 40 rounds take ~7 s. The deterministic guard is the second test.
    private const int Rounds = 40;
    private const int Threads = 8;

    [Test]
    public void Concurrent_first_use_of_the_wire_types_in_a_fresh_load_context_never_fails()
    {
        var failures = new List<string>();
        for (int round = 0; round < Rounds; round++)
        {
            var context = new FreshContext();
            try
            {
                Assembly engine = context.LoadFromAssemblyPath(typeof(Engine.Wire.ProtoMsg).Assembly.Location);
                List<PropertyInfo> descriptors = DescriptorProperties(engine);
                descriptors.Should().NotBeEmpty();
                failures.AddRange(RaceAt(descriptors).Take(1).Select(f => $"round {round}: {f}"));
            }
            finally
            {
                context.Unload();
            }
        }

        failures.Should().BeEmpty();
    }

    [Test]
    public void The_engine_builds_every_wire_and_state_descriptor_when_it_loads()
    {
        List<PropertyInfo> all = DescriptorProperties(typeof(Engine.Wire.ProtoMsg).Assembly);

        Engine.Wire.WireDescriptors.Files.Select(f => f.Name)
            .Should().BeEquivalentTo(all.Select(p => ((Google.Protobuf.Reflection.FileDescriptor)p.GetValue(null)!).Name));
        Engine.Wire.WireDescriptors.Files.Select(f => f.Name).Should().Contain(["ProtoMsg.proto", "device_state.proto"]);
    }

    private static List<string> RaceAt(List<PropertyInfo> descriptors)
    {
        var failures = new List<string>();
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            // Each thread walks the files from a different place so that first uses overlap.
            for (int k = 0; k < descriptors.Count; k++)
            {
                PropertyInfo p = descriptors[((i * 7) + k) % descriptors.Count];
                try
                {
                    _ = p.GetValue(null);
                }
                catch (TargetInvocationException e)
                {
                    lock (failures)
                    {
                        failures.Add($"{p.DeclaringType!.Name}: {e.InnerException?.GetType().Name}");
                    }

                    return;
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return failures;
    }

    private static List<PropertyInfo> DescriptorProperties(Assembly engine) =>
        engine.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p is not null && p.PropertyType.FullName == "Google.Protobuf.Reflection.FileDescriptor")
            .Select(p => p!)
            .OrderBy(p => p.DeclaringType!.FullName, StringComparer.Ordinal)
            .ToList();

    /// <summary>Loads the engine and Google.Protobuf privately, so their statics start empty.</summary>
    private sealed class FreshContext() : AssemblyLoadContext(isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is "Google.Protobuf" or "E2eeConformance.Engine")
            {
                string dir = Path.GetDirectoryName(typeof(Engine.Wire.ProtoMsg).Assembly.Location)!;
                return LoadFromAssemblyPath(Path.Combine(dir, name.Name + ".dll"));
            }

            return null;
        }
    }
}
