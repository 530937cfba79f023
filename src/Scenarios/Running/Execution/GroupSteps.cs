using E2eeConformance.Engine.Client;
using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>
/// Group management steps: create a group, add and remove members, leave, add a member's device. A request the server
/// refuses (a non-manager's change, the only manager leaving, an existing member added) is an ordinary outcome: it is
/// recorded for a <c>refused</c> expectation and the run's model of the group stays as it was.
/// </summary>
internal sealed class GroupSteps(RunContext run, EventRecorder events)
{
    /// <summary>Creates a group of the named users and its creator.</summary>
    public void CreateGroup(CreateGroupStep step)
    {
        SimDevice by = run.Roster.DeviceNamed(step.By);
        string name = run.Expand(step.Name);
        if (run.Roster.HasGroup(name))
        {
            throw new ScenarioFailure($"expected a new group name, but {name} already exists");
        }

        List<string> managers = [.. run.Roster.UsersOf(step.Managers ?? []).Distinct()];
        List<string> members = [.. run.Roster.UsersOf(step.Members).Concat(managers).Distinct()];
        Refusable(step, by, () =>
        {
            Engine.Wire.E2eeAddress address = run.Driver.CreateGroup(by, name, members, managers);
            run.Roster.Add(new SimGroup(name, address, members.Append(by.User)));
        });
    }

    /// <summary>Adds users to a group.</summary>
    public void AddMembers(AddMembersStep step)
    {
        SimDevice by = run.Roster.DeviceNamed(step.By);
        SimGroup group = run.Roster.GroupNamed(step.Group);
        List<string> users = [.. run.Roster.UsersOf(step.Users).Distinct()];
        Refusable(step, by, () =>
        {
            run.Driver.AddGroupMembers(by, group, users);
            group.Members.UnionWith(users);
        });
    }

    /// <summary>Removes users from a group.</summary>
    public void RemoveMembers(RemoveMembersStep step)
    {
        SimDevice by = run.Roster.DeviceNamed(step.By);
        SimGroup group = run.Roster.GroupNamed(step.Group);
        List<string> users = [.. run.Roster.UsersOf(step.Users).Distinct()];
        Refusable(step, by, () =>
        {
            run.Driver.RemoveGroupMembers(by, group, users);
            group.Members.ExceptWith(users);
        });
    }

    /// <summary>A device's user leaves a group.</summary>
    public void Leave(LeaveStep step)
    {
        SimDevice who = run.Roster.DeviceNamed(step.Who);
        SimGroup group = run.Roster.GroupNamed(step.Group);
        Refusable(step, who, () =>
        {
            run.Driver.LeaveGroup(who, group);
            group.Members.Remove(who.User);
        });
    }

    /// <summary>Adds one device of a member to a group.</summary>
    public void AddGroupDevice(AddGroupDeviceStep step)
    {
        SimDevice by = run.Roster.DeviceNamed(step.By);
        SimGroup group = run.Roster.GroupNamed(step.Group);
        SimDevice device = run.Roster.DeviceNamed(step.Device);
        Refusable(step, by, () => run.Driver.AddGroupMemberDevice(by, group, device));
    }

    /// <summary>Makes the step's request and applies it to the run's model; a refusal is recorded and applies nothing.</summary>
    private void Refusable(Step step, SimDevice device, Action request)
    {
        try
        {
            request();
        }
        catch (DeviceRequestException refused)
        {
            events.Refused(device, step.Keyword, refused);
            return;
        }

        events.Drain();
    }
}
