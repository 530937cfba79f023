using System.Diagnostics;
using System.Runtime.InteropServices;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// The CPU time the current thread has used, for <c>cost: { max_ms_cpu }</c>: <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>
/// on Linux and macOS, <c>GetThreadTimes</c> on Windows, and the whole process's CPU time elsewhere (an upper bound: it
/// counts other threads too). Machine-dependent either way, so meant for one's own files with generous bounds.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int LinuxThreadClock = 3;
    private const int MacThreadClock = 16;

    /// <summary>The CPU time used so far by the current thread (or the process, where a thread's is not available).</summary>
    public static TimeSpan Now()
    {
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            && Native.clock_gettime(OperatingSystem.IsLinux() ? LinuxThreadClock : MacThreadClock, out Native.Timespec ts) == 0)
        {
            return TimeSpan.FromTicks((ts.Seconds * TimeSpan.TicksPerSecond) + (ts.Nanoseconds / TimeSpan.NanosecondsPerTick));
        }

        if (OperatingSystem.IsWindows() && Native.GetThreadTimes(Native.GetCurrentThread(), out _, out _, out long kernel, out long user))
        {
            return TimeSpan.FromTicks(kernel + user);
        }

        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static class Native
    {
        [DllImport("libc", SetLastError = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int clock_gettime(int clock, out Timespec time);

        [DllImport("kernel32", SetLastError = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool GetThreadTimes(IntPtr thread, out long creation, out long exit, out long kernel, out long user);

        [DllImport("kernel32", SetLastError = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        public static extern IntPtr GetCurrentThread();

        [StructLayout(LayoutKind.Sequential)]
        public struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }
    }
}
