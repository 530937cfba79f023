using System.Reflection;
using E2eeConformance.Engine.Client;
using E2eeConformance.Engine.Ports;

namespace E2eeConformance.Engine.Tests.Client.Core;

/// <summary>
/// The device core cannot reach the transport, the store or the application (STYLE #1, sans-IO): in the Client
/// namespace only the shell, <see cref="Device"/>, holds, takes or returns an <see cref="ITransport"/>, an
/// <see cref="IDeviceStateStore{TState}"/> or an <see cref="IDeviceEvents{TEvent}"/>. Read by reflection over every
/// type of the engine assembly, nested and compiler-generated ones (closures, iterators) included.
/// </summary>
[TestFixture]
public sealed class CoreIsolationTests
{
    private static readonly Type[] Ports = [typeof(ITransport), typeof(IDeviceStateStore<>), typeof(IDeviceEvents<>)];

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> ClientTypes => typeof(DeviceCore).Assembly.GetTypes()
        .Where(t => t.Namespace?.StartsWith(typeof(DeviceCore).Namespace!, StringComparison.Ordinal) == true);

    [Test]
    public void Only_the_Device_shell_holds_takes_or_returns_a_transport_store_or_event_sink()
    {
        Dictionary<Type, List<string>> reaching = ClientTypes
            .Select(t => (Type: t, Uses: PortUses(t).ToList()))
            .Where(x => x.Uses.Count > 0)
            .ToDictionary(x => x.Type, x => x.Uses);

        reaching.Keys.Select(Outermost).Distinct().Should().Equal([typeof(Device)], "only the shell may reach the ports; found: {0}", Describe(reaching));
    }

    [Test]
    public void The_check_sees_the_ports_the_shell_holds()
    {
        List<string> uses = [.. PortUses(typeof(Device))];

        uses.Should().Contain(u => u.StartsWith("field _transport", StringComparison.Ordinal));
        uses.Should().Contain(u => u.StartsWith("field _store", StringComparison.Ordinal));
        uses.Should().Contain(u => u.StartsWith("field _events", StringComparison.Ordinal));
        uses.Should().Contain(u => u.StartsWith("parameter transport of Register", StringComparison.Ordinal));
    }

    [Test]
    public void The_check_sees_ports_inside_generic_arguments_arrays_and_by_reference_parameters()
    {
        Mentions(typeof(Func<ITransport>)).Should().BeTrue();
        Mentions(typeof(IDeviceEvents<StoredEvent>[])).Should().BeTrue();
        Mentions(typeof(IDeviceStateStore<DeviceState>).MakeByRefType()).Should().BeTrue();
        Mentions(typeof(Func<DeviceState, DeviceStep>)).Should().BeFalse();
    }

    [Test]
    public void The_core_types_are_among_the_types_checked()
    {
        List<Type> types = [.. ClientTypes];

        types.Should().Contain([typeof(DeviceCore), typeof(Responses), typeof(Messaging), typeof(GroupCommands), typeof(GroupMessages), typeof(OneToOneMessages), typeof(StepContext)]);
        types.Should().Contain(t => t.IsNested && t.Name.StartsWith('<'), "compiler-generated closures are checked too");
    }

    private static IEnumerable<string> PortUses(Type type)
    {
        foreach (FieldInfo f in type.GetFields(Everything).Where(f => Mentions(f.FieldType)))
        {
            yield return $"field {f.Name} of {type}";
        }

        foreach (PropertyInfo p in type.GetProperties(Everything).Where(p => Mentions(p.PropertyType)))
        {
            yield return $"property {p.Name} of {type}";
        }

        foreach (MethodBase m in type.GetConstructors(Everything).Cast<MethodBase>().Concat(type.GetMethods(Everything)))
        {
            foreach (ParameterInfo p in m.GetParameters().Where(p => Mentions(p.ParameterType)))
            {
                yield return $"parameter {p.Name} of {m.Name} in {type}";
            }

            if (m is MethodInfo method && Mentions(method.ReturnType))
            {
                yield return $"return of {m.Name} in {type}";
            }
        }
    }

    /// <summary>Whether <paramref name="type"/> is one of the ports or is built from one (generic argument, element type).</summary>
    private static bool Mentions(Type type)
    {
        if (type.HasElementType)
        {
            return Mentions(type.GetElementType()!);
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            return Ports.Contains(type.GetGenericTypeDefinition()) || type.GetGenericArguments().Any(Mentions);
        }

        return Ports.Contains(type);
    }

    private static Type Outermost(Type type) => type.DeclaringType is null ? type : Outermost(type.DeclaringType);

    private static string Describe(Dictionary<Type, List<string>> reaching) =>
        string.Join("; ", reaching.Where(kv => Outermost(kv.Key) != typeof(Device)).SelectMany(kv => kv.Value));
}
