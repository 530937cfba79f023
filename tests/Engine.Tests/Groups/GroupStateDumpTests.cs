using System.Reflection;
using E2eeConformance.Engine.Groups;
using E2eeConformance.Engine.Tests.Support;

namespace E2eeConformance.Engine.Tests.Groups;

/// <summary>
/// Keeps <see cref="GroupStateDump"/> honest: the compute-then-commit checks of the group tests compare dumps, so a
/// record field the dump does not write would let a change to it go unseen.
/// </summary>
public sealed class GroupStateDumpTests
{
    [Test]
    public void The_group_state_dump_covers_every_stored_property_of_the_group_records()
    {
        foreach ((Type type, string[] covered) in GroupStateDump.Fields)
        {
            string[] stored = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is not null)
                .Select(p => p.Name)
                .ToArray();
            stored.Should().BeEquivalentTo(covered, "GroupStateDump must write every stored property of {0}", type.Name);
        }
    }

    [Test]
    public void The_group_state_dump_lists_every_record_a_group_state_is_made_of()
    {
        Type[] groupRecords = typeof(GroupState).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(GroupState).Namespace && t.IsPublic && t.GetMethod("<Clone>$") is not null)
            .ToArray();
        GroupStateDump.Fields.Keys.Should().BeEquivalentTo(groupRecords, "every group record is dumped field by field");
    }
}
