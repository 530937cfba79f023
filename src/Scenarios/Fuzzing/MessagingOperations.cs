
namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// The devices' share of the grammar (every profile): one-to-one sends (a text, or filler bytes of a size), a burst of
/// sends in a <c>repeat</c>, a user's new device, a restart, and clock jumps (some past the signed pre-key's 7 days) once the network ran quiet.
/// </summary>
internal sealed class MessagingOperations(FuzzDraw draw, NetworkOperations network)
{
    /// <summary>The clock jumps drawn: within the hour, a day, several days, past the 7-day signed pre-key lifetime.</summary>
    private static readonly string[] ClockJumps = ["30m", "1d", "3d", "8d"];

    /// <summary>The most devices a user has (at registration or added later).</summary>
    public const int MaxDevicesPerUser = 3;

    /// <summary>The most filler bytes a <c>size</c> send draws.</summary>
    public const int MaxSize = 512;

    /// <summary>The most runs of a generated burst (<c>repeat</c>).</summary>
    public const int MaxBurst = 3;

    private FuzzWorld World => draw.World;

    /// <summary>Adds this share's choices for the turn (<paramref name="left"/> operations remain after it).</summary>
    public void AddChoices(List<(int Weight, Action Act)> choices, int left)
    {
        choices.Add((6, () => Send(left)));
        choices.Add((1, Burst));
        if (DeviceAdders.Count > 0)
        {
            choices.Add((1, AddDevice));
        }

        choices.Add((1, () => draw.Emit("restart", FuzzValue.Of(draw.Pick(World.AllDevices)))));
        // Drawn once a group exists too since finding fuzz-10000-49 was fixed (catalog 108, docs/FUZZING.md §Findings).
        if (World.CanRunQuiet)
        {
            choices.Add((1, Jump));
        }
    }

    /// <summary>A one-to-one send from a random device to another user, sometimes followed by a fault on it.</summary>
    private void Send(int left)
    {
        string from = draw.Pick(World.AllDevices);
        string to = draw.Pick([.. World.Users.Where(u => u != FuzzWorld.UserOf(from))]);
        string name = draw.NextMessage();
        FuzzValue body = draw.Chance(1, 4)
            ? FuzzValue.Of(draw.Between(0, MaxSize))
            : FuzzValue.Quote($"text of {name}, one to one");
        draw.Emit("send", FuzzValue.Map(("from", FuzzValue.Of(from)), ("to", FuzzValue.Of(to)), (body is FuzzScalar { Quoted: true } ? "text" : "size", body), ("as", FuzzValue.Of(name))));
        IReadOnlyList<string> recipients = World.RecipientsOf(from, to);
        var message = new FuzzMessage(name, from, Group: false, World.WithSession(from, recipients));
        World.Messages.Add(message);
        World.Sent(from, recipients);
        if (draw.Chance(1, 3))
        {
            network.MessageFault(message, left);
        }
    }

    /// <summary>A <c>repeat</c> of 2–3 sends from one device to one user (<c>bN_{i}</c>), each delivered or not.</summary>
    private void Burst()
    {
        string from = draw.Pick(World.AllDevices);
        string to = draw.Pick([.. World.Users.Where(u => u != FuzzWorld.UserOf(from))]);
        string burst = draw.NextMessage("b");
        List<FuzzStep> body =
        [
            new("send", FuzzValue.Map(("from", FuzzValue.Of(from)), ("to", FuzzValue.Of(to)), ("text", FuzzValue.Quote($"text {{i}} of the burst {burst}")), ("as", FuzzValue.Of(burst + "_{i}")))),
        ];
        if (draw.Chance(1, 2))
        {
            body.Add(new FuzzStep("deliver", FuzzValue.Of("all")));
        }

        World.Emit(new FuzzStep(FuzzStep.RepeatKeyword, FuzzValue.Of(draw.Between(2, MaxBurst)), body));
        World.Sent(from, World.RecipientsOf(from, to));
    }

    /// <summary>
    /// A clock jump, only once the network ran quiet: time-bounded protocol rules would otherwise decide the outcome,
    /// by design, in ways the model does not predict — an invite that sees two signed pre-key renewals is refused
    /// (<c>unknown_signed_pre_key</c>, catalog 09), and a removed member's text still in flight after the retired
    /// session's grace is lost (<c>unknown_group_session</c>, catalog 60).
    /// </summary>
    private void Jump()
    {
        network.RunUntilQuiet();
        draw.Emit("advance_clock", FuzzValue.Of(draw.Pick(ClockJumps)));
        World.ClockJumps++;
    }

    /// <summary>
    /// The users who may add a device now: a member of a group too, since findings fuzz-1000-31 and fuzz-1000-63 were
    /// fixed (catalog 106 and 107, docs/FUZZING.md §Findings).
    /// </summary>
    private List<string> DeviceAdders => [.. World.Users.Where(u => World.DeviceCount(u) < MaxDevicesPerUser)];

    private void AddDevice()
    {
        string user = draw.Pick(DeviceAdders);
        World.AddDevice(user);
        draw.Emit("add_device", FuzzValue.Of(user));
    }
}
