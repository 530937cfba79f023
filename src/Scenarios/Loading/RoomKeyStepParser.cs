using E2eeConformance.Scenarios.Model;
using YamlDotNet.RepresentationModel;

namespace E2eeConformance.Scenarios.Loading;

/// <summary>Reads the room-key family's steps (seed 002): <c>request_join</c>, <c>approve_join</c>, <c>set_e2ee</c>.</summary>
internal sealed class RoomKeyStepParser(NodeReader nodes, NameScope names)
{
    public RequestJoinStep RequestJoin(YamlNode node)
    {
        var f = new Fields(nodes, node, "request_join", ["who", "group"]);
        string who = names.Party(f.Require("who", "the device asking to join"), "the device asking to join");
        return new RequestJoinStep(who, names.Group(f.Require("group", "the group")));
    }

    public ApproveJoinStep ApproveJoin(YamlNode node)
    {
        var f = new Fields(nodes, node, "approve_join", ["by", "who", "group"]);
        string by = names.Party(f.Require("by", "the member device that approves"), "the member device that approves");
        string who = names.User(f.Require("who", "the user who asked to join"), "the user who asked to join");
        return new ApproveJoinStep(by, who, names.Group(f.Require("group", "the group")));
    }

    public SetE2eeStep SetE2ee(YamlNode node)
    {
        var f = new Fields(nodes, node, "set_e2ee", ["by", "group", "on"]);
        string by = names.Party(f.Require("by", "the device that switches"), "the device that switches");
        string group = names.Group(f.Require("group", "the group"));
        bool on = nodes.Bool(f.Require("on", "true (e2eeize_session) or false (dee2eeize_session)"), "true (e2eeize_session) or false (dee2eeize_session)");
        return new SetE2eeStep(by, group, on);
    }
}
