namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// The fluent C# way to write a scenario: it builds the same <see cref="Scenario"/> objects as the YAML loader.
/// <code>
/// Scenario s = new ScenarioBuilder("hello")
///     .User("alice").User("bob", devices: 2)
///     .Register("alice", "bob")
///     .Send("alice", "bob", "hello", "m1")
///     .DeliverAll()
///     .Expect(e => e.Received("bob", "m1"))
///     .Build();
/// </code>
/// </summary>
public sealed partial class ScenarioBuilder(string name)
{
    private static readonly SourceSpan Fluent = new("fluent", 0, 0);
    private readonly List<UserSpec> _users = [];
    private readonly List<Step> _steps = [];
    private readonly List<string> _tags = [];
    private readonly List<string> _suites = [];
    private string _description = "";
    private ulong? _seed;
    private StoreKind _store = StoreKind.Auto;
    private ServerSettings _server = new();

    /// <summary>Sets the scenario's description (one line for reports).</summary>
    public ScenarioBuilder Description(string text) => Set(() => _description = text);

    /// <summary>Adds tags (for selecting scenarios by tag).</summary>
    public ScenarioBuilder Tags(params string[] tags) => Set(() => _tags.AddRange(tags));

    /// <summary>
    /// Restricts the scenario to these suites (names as in <see cref="Engine.Crypto.CipherSuite.Named"/>); none: every
    /// suite.
    /// </summary>
    public ScenarioBuilder Suites(params string[] suites) => Set(() => _suites.AddRange(suites));

    /// <summary>Fixes the scenario's seed (otherwise the runner's default, or the command line's).</summary>
    public ScenarioBuilder Seed(ulong seed) => Set(() => _seed = seed);

    /// <summary>Chooses where the devices keep their state (memory, SQLite, or auto).</summary>
    public ScenarioBuilder Store(StoreKind store) => Set(() => _store = store);

    /// <summary>Sets the in-memory server's settings.</summary>
    public ScenarioBuilder Server(ServerSettings server) => Set(() => _server = server);

    /// <summary>
    /// Declares a user with <paramref name="devices"/> devices, each registering with <paramref name="oneTimePreKeys"/>
    /// one-time pre-keys (null: the engine's default batch).
    /// </summary>
    public ScenarioBuilder User(string user, int devices = 1, int? oneTimePreKeys = null) => Set(() => _users.Add(new UserSpec(user, devices, oneTimePreKeys)));

    /// <summary>
    /// Declares <paramref name="count"/> users named <paramref name="prefix"/>1 … <paramref name="prefix"/>N, each as
    /// <see cref="User"/> would (the YAML <c>u: { count: N, devices, one_time_pre_keys }</c>).
    /// </summary>
    public ScenarioBuilder Users(string prefix, int count, int devices = 1, int? oneTimePreKeys = null) =>
        Set(() => _users.AddRange(Enumerable.Range(1, count).Select(i => new UserSpec(prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture), devices, oneTimePreKeys))));

    /// <summary>
    /// Adds an <c>add_user</c> step (<see cref="AddUserStep"/>): a user not declared under users joins now and its
    /// devices register.
    /// </summary>
    public ScenarioBuilder AddUser(string user, int devices = 1, int? oneTimePreKeys = null) => Add(new AddUserStep(user, devices, oneTimePreKeys));

    /// <summary>Adds an <c>offline</c> step (<see cref="OfflineStep"/>): nothing reaches the device or leaves it until online.</summary>
    public ScenarioBuilder Offline(string device) => Add(new OfflineStep(device));

    /// <summary>Adds an <c>online</c> step (<see cref="OnlineStep"/>): the device reconnects and sends what waited.</summary>
    public ScenarioBuilder Online(string device) => Add(new OnlineStep(device));

    /// <summary>
    /// Puts a <c>cost:</c> on the step added last (<see cref="StepCost"/>): at most <paramref name="maxKeyDerivations"/>
    /// key derivations and/or <paramref name="maxCpuMilliseconds"/> ms of CPU time.
    /// </summary>
    /// <exception cref="InvalidOperationException">No step was added yet.</exception>
    public ScenarioBuilder Cost(long? maxKeyDerivations = null, long? maxCpuMilliseconds = null)
    {
        if (_steps.Count == 0)
        {
            throw new InvalidOperationException("cost applies to the step added last, and there is none yet");
        }

        _steps[^1] = _steps[^1] with { Cost = new StepCost(maxKeyDerivations, maxCpuMilliseconds) };
        return this;
    }

    /// <summary>
    /// Adds a <c>register</c> step (<see cref="RegisterStep"/>): registers every device of these users (<c>all</c>:
    /// everyone).
    /// </summary>
    public ScenarioBuilder Register(params string[] users) => Add(new RegisterStep(users));

    /// <summary>
    /// Adds an <c>add_device</c> step (<see cref="AddDeviceStep"/>): one more device of <paramref name="user"/>, named
    /// <paramref name="as"/> if given.
    /// </summary>
    public ScenarioBuilder AddDevice(string user, string? @as = null) => Add(new AddDeviceStep(user, @as));

    /// <summary>Adds a <c>restart</c> step (<see cref="RestartStep"/>): the device restarts from its store.</summary>
    public ScenarioBuilder Restart(string device) => Add(new RestartStep(device));

    /// <summary>
    /// Adds an <c>advance_clock</c> step (<see cref="AdvanceClockStep"/>): the virtual clock moves by
    /// <paramref name="by"/>.
    /// </summary>
    public ScenarioBuilder AdvanceClock(TimeSpan by) => Add(new AdvanceClockStep(by));

    /// <summary>
    /// Adds a <c>compromise</c> step (<see cref="CompromiseStep"/>): an adversary copies the device's state as
    /// <paramref name="as"/>; with <paramref name="observes"/> it also sees the device's later traffic.
    /// </summary>
    public ScenarioBuilder Compromise(string device, string @as, bool observes = false) => Add(new CompromiseStep(device, @as) { Observes = observes });

    /// <summary>
    /// Adds a <c>send</c> step (<see cref="SendStep"/>) of <paramref name="text"/>, named <paramref name="as"/> for
    /// later steps.
    /// </summary>
    public ScenarioBuilder Send(string from, string to, string text, string @as) => Add(new SendStep(from, to, text, null, @as));

    /// <summary>
    /// Adds a <c>send</c> step (<see cref="SendStep"/>) of <paramref name="size"/> bytes, named <paramref name="as"/>
    /// for later steps.
    /// </summary>
    public ScenarioBuilder SendBytes(string from, string to, int size, string @as) => Add(new SendStep(from, to, null, size, @as));

    /// <summary>
    /// Adds a <c>create_group</c> step (<see cref="CreateGroupStep"/>): <paramref name="by"/> creates
    /// <paramref name="group"/> with these users.
    /// </summary>
    public ScenarioBuilder CreateGroup(string by, string group, params string[] members) => Add(new CreateGroupStep(by, group, members));

    /// <summary>
    /// Adds a <c>create_group</c> step (<see cref="CreateGroupStep"/>) whose <paramref name="managers"/> manage the
    /// group with its creator (and are members).
    /// </summary>
    public ScenarioBuilder CreateGroupManaged(string by, string group, IReadOnlyList<string> members, IReadOnlyList<string> managers) =>
        Add(new CreateGroupStep(by, group, members, managers));

    /// <summary>Adds an <c>add_members</c> step (<see cref="AddMembersStep"/>).</summary>
    public ScenarioBuilder AddMembers(string by, string group, params string[] users) => Add(new AddMembersStep(by, group, users));

    /// <summary>Adds a <c>remove_members</c> step (<see cref="RemoveMembersStep"/>).</summary>
    public ScenarioBuilder RemoveMembers(string by, string group, params string[] users) => Add(new RemoveMembersStep(by, group, users));

    /// <summary>
    /// Adds a <c>leave</c> step (<see cref="LeaveStep"/>): <paramref name="who"/> leaves <paramref name="group"/>.
    /// </summary>
    public ScenarioBuilder Leave(string who, string group) => Add(new LeaveStep(who, group));

    /// <summary>
    /// Adds an <c>add_group_device</c> step (<see cref="AddGroupDeviceStep"/>): <paramref name="by"/> adds a member's
    /// new <paramref name="device"/> to <paramref name="group"/>.
    /// </summary>
    public ScenarioBuilder AddGroupDevice(string by, string group, string device) => Add(new AddGroupDeviceStep(by, group, device));

    /// <summary>Everything in flight until quiet (held and delayed messages wait).</summary>
    public ScenarioBuilder DeliverAll() => Add(new DeliverStep(MessageSelector.All, true, [], false));

    /// <summary>One pass over the selected messages, in server order.</summary>
    public ScenarioBuilder Deliver(MessageSelector select) => Add(new DeliverStep(select, false, [], false));

    /// <summary>The named messages to a device or user, in this order.</summary>
    public ScenarioBuilder DeliverInOrder(string to, params string[] order) => Add(new DeliverStep(new MessageSelector(order, to), false, order, false));

    /// <summary>Everything in flight to a device or user, in an order drawn from the seed.</summary>
    public ScenarioBuilder DeliverShuffled(string to) => Add(new DeliverStep(new MessageSelector([], to), false, [], true));

    /// <summary>
    /// Adds a <c>hold</c> step (<see cref="HoldStep"/>) for the named message (to <paramref name="to"/> only, if
    /// given).
    /// </summary>
    public ScenarioBuilder Hold(string message, string? to = null) => Add(new HoldStep(new MessageSelector([message], to)));

    /// <summary>Adds a <c>hold</c> step (<see cref="HoldStep"/>) for the selected deliveries.</summary>
    public ScenarioBuilder Hold(MessageSelector select) => Add(new HoldStep(select));

    /// <summary>
    /// Adds a <c>release</c> step (<see cref="ReleaseStep"/>) for the named held message (to <paramref name="to"/>
    /// only, if given).
    /// </summary>
    public ScenarioBuilder Release(string message, string? to = null) => Add(new ReleaseStep(new MessageSelector([message], to)));

    /// <summary>Adds a <c>release: all</c> step (<see cref="ReleaseStep"/>).</summary>
    public ScenarioBuilder ReleaseAll() => Add(new ReleaseStep(MessageSelector.All));

    /// <summary>
    /// Adds a <c>drop</c> step (<see cref="DropStep"/>) for the named message (to <paramref name="to"/> only, if
    /// given).
    /// </summary>
    public ScenarioBuilder Drop(string message, string? to = null) => Add(new DropStep(new MessageSelector([message], to)));

    /// <summary>Adds a <c>drop</c> step (<see cref="DropStep"/>) for the selected deliveries.</summary>
    public ScenarioBuilder Drop(MessageSelector select) => Add(new DropStep(select));

    /// <summary>
    /// Adds a <c>duplicate</c> step (<see cref="DuplicateStep"/>) for the named message (to <paramref name="to"/> only,
    /// if given).
    /// </summary>
    public ScenarioBuilder Duplicate(string message, string? to = null) => Add(new DuplicateStep(new MessageSelector([message], to)));

    /// <summary>
    /// Adds a <c>delay</c> step (<see cref="DelayStep"/>): the named message waits <paramref name="steps"/> more steps.
    /// </summary>
    public ScenarioBuilder Delay(string message, int steps, string? to = null) => Add(new DelayStep(new MessageSelector([message], to), steps));

    /// <summary>
    /// Adds a <c>replay</c> step (<see cref="ReplayStep"/>): the delivered message is re-sent to <paramref name="to"/>
    /// under a fresh ProtoMsg id.
    /// </summary>
    public ScenarioBuilder Replay(string message, string to) => Add(new ReplayStep(message, to));

    /// <summary>
    /// Adds a <c>tamper</c> step (<see cref="TamperStep"/>): a copy of the message to <paramref name="to"/> with a bit
    /// flipped in <paramref name="field"/> (at byte <paramref name="atByte"/>, else one drawn from the seed).
    /// </summary>
    public ScenarioBuilder Tamper(string message, string to, string field, int? atByte = null, int? bit = null) => Add(new TamperStep(message, to, field, atByte) { Bit = bit });

    /// <summary>Adds a <c>run_until_quiet</c> step (<see cref="RunUntilQuietStep"/>).</summary>
    public ScenarioBuilder RunUntilQuiet() => Add(new RunUntilQuietStep());

    /// <summary>Faults drawn from the seed: drop and duplicate probabilities (0 … 1), optionally any order.</summary>
    public ScenarioBuilder Chaos(double drop = 0, double duplicate = 0, bool reorder = false, int deliveries = ChaosStep.DefaultDeliveries) =>
        Add(new ChaosStep(deliveries, drop, duplicate, reorder));

    /// <summary>Runs the body <paramref name="times"/> times; strings in it may use <c>{i}</c> (or <paramref name="variable"/>).</summary>
    public ScenarioBuilder Repeat(int times, Action<ScenarioBuilder> body, string variable = "i")
    {
        ArgumentNullException.ThrowIfNull(body);
        var inner = new ScenarioBuilder(name);
        body(inner);
        return Add(new RepeatStep(times, variable, inner._steps));
    }

    /// <summary>
    /// Adds an <c>expect</c> step (<see cref="ExpectStep"/>) with the expectations <paramref name="expectations"/>
    /// adds.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="expectations"/> is null.</exception>
    public ScenarioBuilder Expect(Action<ExpectationBuilder> expectations)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        var builder = new ExpectationBuilder();
        expectations(builder);
        return Add(new ExpectStep(builder.Expectations));
    }

    /// <summary>The scenario, its steps marked as written in C# (<c>fluent</c>).</summary>
    public Scenario Build() => new(name, _description, [.. _tags], [.. _suites], _seed, [.. _users], [.. _steps])
    {
        Store = _store,
        Server = _server,
        Source = Fluent,
    };

    private ScenarioBuilder Add(Step step)
    {
        _steps.Add(step with { At = Fluent });
        return this;
    }

    private ScenarioBuilder Set(Action action)
    {
        action();
        return this;
    }
}

/// <summary>The expectations of one fluent <c>Expect</c> step.</summary>
public sealed class ExpectationBuilder
{
    internal List<Expectation> Expectations { get; } = [];

    /// <summary>Expects every device of <paramref name="by"/> to have decrypted these messages.</summary>
    public ExpectationBuilder Received(string by, params string[] messages) => Add(new ReceivedExpectation(by, messages, null));

    /// <summary>Expects every device of each of <paramref name="by"/> (a <c>by:</c> list) to have decrypted these messages.</summary>
    public ExpectationBuilder ReceivedBy(IReadOnlyList<string> by, params string[] messages)
    {
        ArgumentNullException.ThrowIfNull(by);
        foreach (string party in by)
        {
            Add(new ReceivedExpectation(party, messages, null));
        }

        return this;
    }

    /// <summary>Expects no device of any of <paramref name="by"/> (a <c>by:</c> list) to have decrypted these messages.</summary>
    public ExpectationBuilder NotReceivedBy(IReadOnlyList<string> by, params string[] messages)
    {
        ArgumentNullException.ThrowIfNull(by);
        foreach (string party in by)
        {
            Add(new NotReceivedExpectation(party, messages));
        }

        return this;
    }

    /// <summary>
    /// Expects <paramref name="count"/> (a range: <see cref="CountRange.AtLeast"/>, …) unclaimed failures with error code
    /// <paramref name="code"/> at <paramref name="at"/> (for <paramref name="message"/>, if given), and claims them all.
    /// </summary>
    public ExpectationBuilder Errors(string at, string code, CountRange count, string? message = null) => Add(new ErrorExpectation(at, code, message) { Range = count });

    /// <summary>
    /// Expects every device of <paramref name="by"/> to have decrypted <paramref name="message"/> with exactly
    /// <paramref name="text"/>.
    /// </summary>
    public ExpectationBuilder ReceivedText(string by, string message, string text) => Add(new ReceivedExpectation(by, [message], text));

    /// <summary>Expects no device of <paramref name="by"/> to have decrypted these messages.</summary>
    public ExpectationBuilder NotReceived(string by, params string[] messages) => Add(new NotReceivedExpectation(by, messages));

    /// <summary>
    /// Expects <paramref name="count"/> failures with error code <paramref name="code"/> at <paramref name="at"/> (for
    /// <paramref name="message"/>, if given).
    /// </summary>
    public ExpectationBuilder Error(string at, string code, string? message = null, int count = 1) => Add(new ErrorExpectation(at, code, message, count));

    /// <summary>
    /// Expects <paramref name="count"/> requests of <paramref name="at"/> refused by the server (of this step keyword
    /// <paramref name="request"/> and lowercase response code <paramref name="code"/>, if given).
    /// </summary>
    public ExpectationBuilder Refused(string at, string? request = null, string? code = null, int count = 1) => Add(new RefusedExpectation(at, request, code, count));

    /// <summary>
    /// Expects no unclaimed protocol failure at <paramref name="at"/> (a device, a user, or <c>all</c>).
    /// </summary>
    public ExpectationBuilder NoErrors(string at = "all") => Add(new NoErrorsExpectation(at));

    /// <summary>
    /// Expects the adversary's state copy <paramref name="state"/> to decrypt <paramref name="message"/>.
    /// </summary>
    public ExpectationBuilder AdversaryDecrypts(string state, string message) => Add(new AdversaryExpectation(state, message, true));

    /// <summary>
    /// Expects the adversary's state copy <paramref name="state"/> not to decrypt <paramref name="message"/>.
    /// </summary>
    public ExpectationBuilder AdversaryCannotDecrypt(string state, string message) => Add(new AdversaryExpectation(state, message, false));

    /// <summary>
    /// Expects the identity keys <paramref name="by"/>'s sessions hold for <paramref name="of"/> to be (with
    /// <paramref name="matches"/>) or not to be <paramref name="of"/>'s real identity keys — what comparing fingerprints
    /// out of band tells the users.
    /// </summary>
    public ExpectationBuilder Identity(string by, string of, bool matches) => Add(new IdentityExpectation(by, of, matches));

    /// <summary>Expects the events a device raised to its application (<see cref="EventExpectation"/>).</summary>
    public ExpectationBuilder Event(EventExpectation expected) => Add(expected);

    /// <summary>Expects the counters of a device's stored state.</summary>
    public ExpectationBuilder State(StateExpectation state) => Add(state);

    /// <summary>Expects what the server holds.</summary>
    public ExpectationBuilder Server(ServerExpectation server) => Add(server);

    /// <summary>Writes a state summary of <paramref name="of"/> (a device or <c>all</c>) into the transcript.</summary>
    public ExpectationBuilder Summary(string of) => Add(new SummaryExpectation(of));

    private ExpectationBuilder Add(Expectation e)
    {
        Expectations.Add(e);
        return this;
    }
}
