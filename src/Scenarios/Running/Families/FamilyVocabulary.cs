using E2eeConformance.Scenarios.Model;

namespace E2eeConformance.Scenarios.Running.Families;

/// <summary>
/// The checks every family makes of a step against its own vocabulary: the message kinds of selectors, the fields of
/// <c>tamper</c>, the codes of <c>error</c> and <c>tolerate</c>. The loader reads the union of every family's words; this
/// says which of them a family has.
/// </summary>
internal static class FamilyVocabulary
{
    /// <summary>Why <paramref name="family"/> has no meaning for a word of <paramref name="step"/>; null: every word is its own.</summary>
    public static string? Refuses(IProtocolFamily family, Step step)
    {
        if (family.Name != RoomKeysFamily.FamilyName && RoomKeysOnly(step) is { } roomKeys)
        {
            return $"{roomKeys} belongs to the room-keys family (seed 002), not to {family.Name}";
        }

        if (family.Name != MpencFamily.FamilyName && MpencOnly(step) is { } mpenc)
        {
            return $"{mpenc} belongs to the mpenc family (seed 003), not to {family.Name}";
        }

        MessageSelector? selector = step switch
        {
            DeliverStep d => d.Select,
            HoldStep h => h.Select,
            ReleaseStep r => r.Select,
            DropStep d => d.Select,
            DuplicateStep d => d.Select,
            DelayStep d => d.Select,
            _ => null,
        };
        if (selector?.Kind is { } kind && !family.MessageKinds.Contains(kind, StringComparer.Ordinal))
        {
            return $"the message kind {kind} is not one of {family.Name} ({string.Join(", ", family.MessageKinds)})";
        }

        if (step is TamperStep t && !family.TamperFields.Contains(t.Field, StringComparer.Ordinal))
        {
            return $"the field {t.Field} is not one {family.Name} can tamper with ({string.Join(", ", family.TamperFields)})";
        }

        if (step is ExpectStep e)
        {
            foreach (string code in e.Expectations.Select(x => x switch { ErrorExpectation er => er.Code, TolerateExpectation to => to.Code, _ => null }).OfType<string>())
            {
                if (!family.ErrorCodes.Contains(code, StringComparer.Ordinal))
                {
                    return $"the error code {code} is not one {family.Name} reports ({string.Join(", ", family.ErrorCodes)})";
                }
            }
        }

        return null;
    }

    /// <summary>The mpENC family's own words in <paramref name="step"/>, or null.</summary>
    private static string? MpencOnly(Step step) => step switch
    {
        RefreshKeyStep => "the step refresh_key",
        SendStep { Parents: not null } => "send: { parents } (an author's claimed parents)",
        ExpectStep e when e.Expectations.OfType<EventExpectation>().FirstOrDefault(v => EventExpectation.MpencKinds.Contains(v.Kind, StringComparer.Ordinal)) is { } v => $"the event kind {v.Kind}",
        _ => null,
    };

    /// <summary>The room-key family's own words in <paramref name="step"/> (no other family gives them a meaning), or null.</summary>
    private static string? RoomKeysOnly(Step step) => step switch
    {
        RequestJoinStep or ApproveJoinStep or SetE2eeStep => $"the step {step.Keyword}",
        SendStep { Encrypt: not null } => "send: { encrypt } (the per-message choice)",
        CreateGroupStep { E2ee: not null } => "create_group: { e2ee }",
        ExpectStep e when e.Expectations.OfType<StateExpectation>().Any(s => s.RoomKeyGeneration is not null) => "state: { room_key_generation }",
        ExpectStep e when e.Expectations.OfType<EventExpectation>().FirstOrDefault(v => EventExpectation.RoomKeyKinds.Contains(v.Kind, StringComparer.Ordinal)) is { } v => $"the event kind {v.Kind}",
        _ => null,
    };
}
