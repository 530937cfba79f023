using System.Diagnostics;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// Shrinks a failing generated scenario to a small one that fails the same way (<see cref="FailureSignature"/>), by
/// greedy delta debugging over the scenario as data: remove chunks of steps (halves, quarters, … single steps; Zeller's
/// ddmin, complements only) at the top level and inside each repeat's body; then try a repeat's body run once in its
/// place, a user fewer, a device fewer, and each step made simpler (<see cref="ShrinkCandidates"/>); keep any candidate
/// that still fails the same way and start again, until nothing more is removed (a fixpoint) or the budget is spent.
/// <para>
/// Why not CsCheck's shrinking: CsCheck shrinks the random stream a generator consumed, so a smaller stream regenerates a
/// different scenario; our generator's steps depend on its model of the world (which device holds a session, who is a
/// member), so a shrunk stream rarely keeps the failure. Removing steps from the scenario itself keeps the failing
/// interleaving and yields a readable file that differs from the generated one only by what was cut. A candidate that
/// is no longer valid (a step naming a device no longer registered) fails differently and is rejected.
/// </para>
/// </summary>
/// <param name="executor">Runs candidates.</param>
/// <param name="maxRuns">The most candidates to run.</param>
/// <param name="maxTime">The most time to spend.</param>
/// <param name="reference">
/// When shrinking a test double's failure: the real engine's executor, with which every kept candidate must pass, so the
/// shrunk scenario is a valid one that only the double fails (null: no such check, for the real engine's own failures).
/// </param>
public sealed class FuzzShrinker(FuzzExecutor executor, int maxRuns = FuzzShrinker.DefaultMaxRuns, TimeSpan? maxTime = null, FuzzExecutor? reference = null)
{
    /// <summary>The default most candidates run per shrink.</summary>
    public const int DefaultMaxRuns = 600;

    /// <summary>The default most time per shrink.</summary>
    public static readonly TimeSpan DefaultMaxTime = TimeSpan.FromMinutes(2);

    private readonly TimeSpan _maxTime = maxTime ?? DefaultMaxTime;

    /// <summary>Shrinks <paramref name="failing"/>, which fails as <paramref name="signature"/> says.</summary>
    public ShrinkResult Shrink(FuzzScenario failing, FailureSignature signature)
    {
        ArgumentNullException.ThrowIfNull(failing);
        ArgumentNullException.ThrowIfNull(signature);
        var attempt = new Attempt(executor, reference, signature, failing, maxRuns, _maxTime);
        bool changed = true;
        while (changed && !attempt.Spent)
        {
            changed = RemoveSteps(attempt);
            changed |= FirstThatFails(attempt, ShrinkCandidates.Unrolled);
            changed |= FirstThatFails(attempt, ShrinkCandidates.FewerUsers);
            changed |= FirstThatFails(attempt, ShrinkCandidates.FewerDevices);
            changed |= FirstThatFails(attempt, ShrinkCandidates.SimplerSteps);
        }

        return new ShrinkResult(failing, attempt.Current, signature, attempt.Runs, attempt.Elapsed, attempt.Spent);
    }

    /// <summary>ddmin over the top-level steps, then over each repeat's body.</summary>
    private static bool RemoveSteps(Attempt attempt)
    {
        bool changed = DeltaDebug(attempt, () => attempt.Current.Steps, steps => attempt.Current with { Steps = steps });
        for (int i = 0; i < attempt.Current.Steps.Count; i++)
        {
            if (attempt.Current.Steps[i].IsRepeat)
            {
                int at = i;
                changed |= DeltaDebug(attempt, () => attempt.Current.Steps[at].Body, body => attempt.Current with { Steps = [.. attempt.Current.Steps.Select((s, k) => k == at ? s with { Body = body } : s)] });
            }
        }

        return changed;
    }

    /// <summary>
    /// Removes chunks of the list <paramref name="list"/> reads (of the current scenario) while the scenario
    /// <paramref name="rebuild"/> makes without them still fails the same way: n chunks, starting with 2, doubling when
    /// no chunk can go, down to single steps.
    /// </summary>
    private static bool DeltaDebug(Attempt attempt, Func<IReadOnlyList<FuzzStep>> list, Func<IReadOnlyList<FuzzStep>, FuzzScenario> rebuild)
    {
        bool changed = false;
        int chunks = 2;
        while (list().Count > 0 && !attempt.Spent)
        {
            IReadOnlyList<FuzzStep> steps = list();
            int size = (steps.Count + chunks - 1) / Math.Min(chunks, steps.Count);
            bool removed = false;
            for (int start = 0; start < steps.Count && !attempt.Spent; start += size)
            {
                List<FuzzStep> rest = [.. steps.Take(start), .. steps.Skip(start + size)];
                if (attempt.Try(rebuild(rest)))
                {
                    chunks = Math.Max(chunks - 1, 2);
                    removed = changed = true;
                    break;
                }
            }

            if (!removed)
            {
                if (size <= 1)
                {
                    break;
                }

                chunks = Math.Min(chunks * 2, steps.Count);
            }
        }

        return changed;
    }

    /// <summary>Takes the first candidate that fails the same way, again and again; true when one was taken.</summary>
    private static bool FirstThatFails(Attempt attempt, Func<FuzzScenario, IEnumerable<FuzzScenario>> candidates)
    {
        bool changed = false;
        bool again = true;
        while (again && !attempt.Spent)
        {
            again = candidates(attempt.Current).Any(attempt.Try);
            changed |= again;
        }

        return changed;
    }

    /// <summary>One shrink's state: the smallest failing scenario so far, the budget, and the candidates already run.</summary>
    private sealed class Attempt(FuzzExecutor executor, FuzzExecutor? reference, FailureSignature signature, FuzzScenario start, int maxRuns, TimeSpan maxTime)
    {
        private readonly HashSet<string> _tried = new(StringComparer.Ordinal);
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public FuzzScenario Current { get; private set; } = start;

        public int Runs { get; private set; }

        public TimeSpan Elapsed => _watch.Elapsed;

        public bool Spent => Runs >= maxRuns || _watch.Elapsed >= maxTime;

        /// <summary>
        /// Runs the candidate, its convergence block rewritten for what it has left (once per text); when it fails the
        /// same way it becomes the current scenario.
        /// </summary>
        public bool Try(FuzzScenario candidate)
        {
            candidate = ConvergenceBlock.Rewrite(candidate);
            string yaml = candidate.Yaml; // written once: the key of the tried set and the text both runs read
            if (Spent || !_tried.Add(yaml))
            {
                return false;
            }

            Runs++;
            Model.Scenario parsed;
            try
            {
                parsed = Loading.ScenarioLoader.Parse(yaml, candidate.FileName);
            }
            catch (Loading.ScenarioFormatException)
            {
                return false; // a candidate that is no scenario
            }

            if (executor.Run(parsed) is { Passed: false } result
                && FailureSignature.Of(result, candidate.Users.Select(u => u.Name)) == signature
                && (reference is null || reference.Run(parsed).Passed))
            {
                Current = candidate;
                return true;
            }

            return false;
        }
    }
}
