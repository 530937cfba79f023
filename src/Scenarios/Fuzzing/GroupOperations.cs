using System.Globalization;

namespace E2eeConformance.Scenarios.Fuzzing;

/// <summary>
/// The groups' share of the grammar (profiles <c>groups</c> and <c>adversary</c>), under the convergence generator's
/// rules (docs/SCENARIO-FORMAT.md §Generated scenarios): up to <see cref="MaxGroups"/> groups, each created by a random
/// user's first device, the only device that adds and removes its members; a member's <c>leave</c> is followed by
/// <c>run_until_quiet</c> (none while a hold is active); only devices that surely hold the keys send; a removed user's
/// late text refused by the server (<c>request_refused</c>) is tolerated.
/// </summary>
internal sealed class GroupOperations(FuzzDraw draw, NetworkOperations network)
{
    /// <summary>The most groups a scenario creates.</summary>
    public const int MaxGroups = 2;

    private FuzzWorld World => draw.World;

    /// <summary>Adds this share's choices for the turn (<paramref name="left"/> operations remain after it).</summary>
    public void AddChoices(List<(int Weight, Action Act)> choices, int left)
    {
        if (World.Groups.Count < MaxGroups)
        {
            choices.Add((World.Groups.Count == 0 ? 6 : 1, Create));
        }

        foreach (FuzzGroup group in World.Groups)
        {
            choices.Add((4, () => Send(group, left)));
            if (Outsiders(group).Count > 0)
            {
                choices.Add((2, () => Add(group)));
            }

            if (OtherMembers(group).Count > 1)
            {
                choices.Add((1, () => Remove(group)));
                if (!World.Holding)
                {
                    choices.Add((1, () => Leave(group)));
                }
            }
        }
    }

    private static FuzzValue Users(IEnumerable<string> users) => FuzzValue.List(users);

    private List<string> Outsiders(FuzzGroup group) => [.. World.Users.Where(u => !group.IsMember(u) && !group.IsLeaving(u))];

    private List<string> OtherMembers(FuzzGroup group) => [.. group.Members(World).Where(u => u != group.Manager)];

    private void Create()
    {
        // Any user, one that added a device since the network last ran quiet too, since finding fuzz-1-25 was fixed
        // (catalog 105, docs/FUZZING.md §Findings).
        string creator = draw.Pick(World.Users);
        var group = new FuzzGroup("g" + (World.Groups.Count + 1).ToString(CultureInfo.InvariantCulture), FuzzWorld.Device(creator, 1));
        List<string> others = draw.Shuffled(World.Users.Where(u => u != creator));
        List<string> members = [.. others.Take(draw.Between(1, others.Count))];
        group.Join(members.Append(creator));
        World.Groups.Add(group);
        draw.Emit("create_group", FuzzValue.Map(("by", FuzzValue.Of(group.ManagerDevice)), ("name", FuzzValue.Of(group.Name)), ("members", Users(members))));
    }

    private void Send(FuzzGroup group, int left)
    {
        if (!group.Synced(World) && !World.Holding && draw.Chance(1, 2))
        {
            network.RunUntilQuiet();
        }

        string from = draw.Pick(group.Senders(World));
        string name = draw.NextMessage();
        draw.Emit("send", FuzzValue.Map(("from", FuzzValue.Of(from)), ("to", FuzzValue.Quote(group.Target)), ("text", FuzzValue.Quote($"text of {name}, to the group")), ("as", FuzzValue.Of(name))));

        // Only when every member device holds the keys: otherwise the sender's text may wait (its own device's add in
        // progress), and a fault on a message not yet in flight would be a scenario error, not a network fault.
        IReadOnlyList<string> inFlight = group.Synced(World) && !World.Delaying ? [.. group.MemberDevices(World).Where(d => d != from)] : [];
        var message = new FuzzMessage(name, from, Group: true, inFlight) { ClockJumpsBefore = World.ClockJumps };
        World.Messages.Add(message);
        if (draw.Chance(1, 3))
        {
            network.MessageFault(message, left);
        }
    }

    private void Add(FuzzGroup group)
    {
        string user = draw.Pick(Outsiders(group));
        group.Join([user]);
        draw.Emit("add_members", FuzzValue.Map(("by", FuzzValue.Of(group.ManagerDevice)), ("group", FuzzValue.Of(group.Name)), ("users", Users([user]))));
    }

    private void Remove(FuzzGroup group)
    {
        string user = draw.Pick(OtherMembers(group));

        // A text of this user's may reach the server only after the removal (one that waited for its device's own add,
        // or one a restarted device sends again): refused there, by design, as the user is no longer a member.
        if (World.Tolerate(user, Loading.ScenarioLoader.RequestRefusedCode))
        {
            draw.Emit("expect", FuzzTolerance.Step(user, Loading.ScenarioLoader.RequestRefusedCode, "a text may reach the server after the removal"));
        }

        group.Part(user, leaving: false);
        draw.Emit("remove_members", FuzzValue.Map(("by", FuzzValue.Of(group.ManagerDevice)), ("group", FuzzValue.Of(group.Name)), ("users", Users([user]))));
    }

    private void Leave(FuzzGroup group)
    {
        string user = draw.Pick(OtherMembers(group));
        string device = draw.Pick(World.DevicesOf(user));
        group.Part(user, leaving: true);
        draw.Emit("leave", FuzzValue.Map(("who", FuzzValue.Of(device)), ("group", FuzzValue.Of(group.Name))));
        network.RunUntilQuiet();
    }
}
