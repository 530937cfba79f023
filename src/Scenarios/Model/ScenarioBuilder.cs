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
public sealed class ScenarioBuilder(string name)
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

    public ScenarioBuilder Description(string text) => Set(() => _description = text);

    public ScenarioBuilder Tags(params string[] tags) => Set(() => _tags.AddRange(tags));

    public ScenarioBuilder Suites(params string[] suites) => Set(() => _suites.AddRange(suites));

    public ScenarioBuilder Seed(ulong seed) => Set(() => _seed = seed);

    public ScenarioBuilder Store(StoreKind store) => Set(() => _store = store);

    public ScenarioBuilder Server(ServerSettings server) => Set(() => _server = server);

    public ScenarioBuilder User(string user, int devices = 1, int? oneTimePreKeys = null) => Set(() => _users.Add(new UserSpec(user, devices, oneTimePreKeys)));

    public ScenarioBuilder Register(params string[] users) => Add(new RegisterStep(users));

    public ScenarioBuilder AddDevice(string user, string? @as = null) => Add(new AddDeviceStep(user, @as));

    public ScenarioBuilder Restart(string device) => Add(new RestartStep(device));

    public ScenarioBuilder AdvanceClock(TimeSpan by) => Add(new AdvanceClockStep(by));

    public ScenarioBuilder Compromise(string device, string @as) => Add(new CompromiseStep(device, @as));

    public ScenarioBuilder Send(string from, string to, string text, string @as) => Add(new SendStep(from, to, text, null, @as));

    public ScenarioBuilder SendBytes(string from, string to, int size, string @as) => Add(new SendStep(from, to, null, size, @as));

    public ScenarioBuilder CreateGroup(string by, string group, params string[] members) => Add(new CreateGroupStep(by, group, members));

    public ScenarioBuilder AddMembers(string by, string group, params string[] users) => Add(new AddMembersStep(by, group, users));

    public ScenarioBuilder RemoveMembers(string by, string group, params string[] users) => Add(new RemoveMembersStep(by, group, users));

    public ScenarioBuilder Leave(string who, string group) => Add(new LeaveStep(who, group));

    public ScenarioBuilder AddGroupDevice(string by, string group, string device) => Add(new AddGroupDeviceStep(by, group, device));

    /// <summary>Everything in flight until quiet (held and delayed messages wait).</summary>
    public ScenarioBuilder DeliverAll() => Add(new DeliverStep(MessageSelector.All, true, [], false));

    /// <summary>One pass over the selected messages, in server order.</summary>
    public ScenarioBuilder Deliver(MessageSelector select) => Add(new DeliverStep(select, false, [], false));

    /// <summary>The named messages to a device or user, in this order.</summary>
    public ScenarioBuilder DeliverInOrder(string to, params string[] order) => Add(new DeliverStep(new MessageSelector(order, to), false, order, false));

    /// <summary>Everything in flight to a device or user, in an order drawn from the seed.</summary>
    public ScenarioBuilder DeliverShuffled(string to) => Add(new DeliverStep(new MessageSelector([], to), false, [], true));

    public ScenarioBuilder Hold(string message, string? to = null) => Add(new HoldStep(new MessageSelector([message], to)));

    public ScenarioBuilder Hold(MessageSelector select) => Add(new HoldStep(select));

    public ScenarioBuilder Release(string message, string? to = null) => Add(new ReleaseStep(new MessageSelector([message], to)));

    public ScenarioBuilder ReleaseAll() => Add(new ReleaseStep(MessageSelector.All));

    public ScenarioBuilder Drop(string message, string? to = null) => Add(new DropStep(new MessageSelector([message], to)));

    public ScenarioBuilder Drop(MessageSelector select) => Add(new DropStep(select));

    public ScenarioBuilder Duplicate(string message, string? to = null) => Add(new DuplicateStep(new MessageSelector([message], to)));

    public ScenarioBuilder Delay(string message, int steps, string? to = null) => Add(new DelayStep(new MessageSelector([message], to), steps));

    public ScenarioBuilder Replay(string message, string to) => Add(new ReplayStep(message, to));

    public ScenarioBuilder Tamper(string message, string to, string field, int? atByte = null) => Add(new TamperStep(message, to, field, atByte));

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

    public ScenarioBuilder Expect(Action<ExpectationBuilder> expectations)
    {
        ArgumentNullException.ThrowIfNull(expectations);
        var builder = new ExpectationBuilder();
        expectations(builder);
        return Add(new ExpectStep(builder.Expectations));
    }

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

    public ExpectationBuilder Received(string by, params string[] messages) => Add(new ReceivedExpectation(by, messages, null));

    public ExpectationBuilder ReceivedText(string by, string message, string text) => Add(new ReceivedExpectation(by, [message], text));

    public ExpectationBuilder NotReceived(string by, params string[] messages) => Add(new NotReceivedExpectation(by, messages));

    public ExpectationBuilder Error(string at, string code, string? message = null, int count = 1) => Add(new ErrorExpectation(at, code, message, count));

    public ExpectationBuilder NoErrors(string at = "all") => Add(new NoErrorsExpectation(at));

    public ExpectationBuilder AdversaryDecrypts(string state, string message) => Add(new AdversaryExpectation(state, message, true));

    public ExpectationBuilder AdversaryCannotDecrypt(string state, string message) => Add(new AdversaryExpectation(state, message, false));

    public ExpectationBuilder State(StateExpectation state) => Add(state);

    public ExpectationBuilder Server(ServerExpectation server) => Add(server);

    public ExpectationBuilder Summary(string of) => Add(new SummaryExpectation(of));

    private ExpectationBuilder Add(Expectation e)
    {
        Expectations.Add(e);
        return this;
    }
}
