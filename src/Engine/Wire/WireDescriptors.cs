using System.Reflection;
using System.Runtime.CompilerServices;
using Google.Protobuf.Reflection;

namespace E2eeConformance.Engine.Wire;

/// <summary>
/// Builds every protobuf file descriptor of the engine (the wire messages and the device's
/// storage format) once, on one thread, when the engine's module loads.
/// <para>
/// Why: Google.Protobuf caches extensions in a process-wide dictionary that is not synchronised
/// (protocolbuffers/protobuf#29696). When two threads build their first descriptors at once —
/// a server handling requests on many threads, or parallel property tests — the dictionary can
/// be corrupted, the descriptor's type initializer fails, and every later use of that message
/// type in the process throws <see cref="TypeInitializationException"/>. A module initializer
/// runs before any other code of the module and other threads wait for it, so by the time a
/// wire type is touched its descriptor (and all it imports) already exists.
/// </para>
/// </summary>
public static class WireDescriptors
{
    private static FileDescriptor[] _files = [];

    /// <summary>The descriptors built at load, ordered by the generated class's full name.</summary>
    public static IReadOnlyList<FileDescriptor> Files => _files;

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Usage",
        "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "Works around a thread-safety bug in Google.Protobuf (protocolbuffers/protobuf#29696); see the type's remarks.")]
    internal static void BuildAll()
    {
        _files = typeof(WireDescriptors).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
            .Where(p => p is not null && p.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!)
            .ToArray();
    }
}
