using E2eeConformance.Scenarios.Model;
using E2eeConformance.Scenarios.Simulation;

namespace E2eeConformance.Scenarios.Running.Execution;

/// <summary>Group management steps: create a group, add and remove members, leave, add a member's device.</summary>
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

        List<string> members = [.. run.Roster.UsersOf(step.Members).Distinct()];
        Engine.Wire.E2eeAddress address = run.Driver.CreateGroup(by, name, members);
        run.Roster.Add(new SimGroup(name, address, members.Append(by.User)));
        events.Drain();
    }

    /// <summary>Adds users to a group.</summary>
    public void AddMembers(AddMembersStep step)
    {
        SimDevice by = run.Roster.DeviceNamed(step.By);
        SimGroup group = run.Roster.GroupNamed(step.Group);
        List<string> users = [.. run.Roster.UsersOf(step.Users).Distinct()];
        run.Driver.AddGroupMembers(by, group, users);
        group.Members.UnionWith(users);
        events.Drain();
    }

    /// <summary>Removes users from a group.</summary>
    public void RemoveMembers(RemoveMembersStep step)
    {
        SimDevice by = run.Roster.DeviceNamed(step.By);
        SimGroup group = run.Roster.GroupNamed(step.Group);
        List<string> users = [.. run.Roster.UsersOf(step.Users).Distinct()];
        run.Driver.RemoveGroupMembers(by, group, users);
        group.Members.ExceptWith(users);
        events.Drain();
    }

    /// <summary>A device's user leaves a group.</summary>
    public void Leave(LeaveStep step)
    {
        SimDevice who = run.Roster.DeviceNamed(step.Who);
        SimGroup group = run.Roster.GroupNamed(step.Group);
        run.Driver.LeaveGroup(who, group);
        group.Members.Remove(who.User);
        events.Drain();
    }

    /// <summary>Adds one device of a member to a group.</summary>
    public void AddGroupDevice(AddGroupDeviceStep step)
    {
        SimDevice by = run.Roster.DeviceNamed(step.By);
        SimGroup group = run.Roster.GroupNamed(step.Group);
        SimDevice device = run.Roster.DeviceNamed(step.Device);
        run.Driver.AddGroupMemberDevice(by, group, device);
        events.Drain();
    }
}
