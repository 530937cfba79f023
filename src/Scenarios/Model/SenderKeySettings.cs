namespace E2eeConformance.Scenarios.Model;

/// <summary>
/// <c>sender_keys: { rotate_after_messages?, rotate_after?, transition_window?, max_forward_jump?, max_skipped_keys? }</c>:
/// the sender-key family's policy for one scenario (docs/protocols/sender-keys.md, SK-8); a null field keeps the
/// family's default.
/// </summary>
/// <param name="RotateAfterMessages">A sender rotates its key after this many messages under it (0: never by count).</param>
/// <param name="RotateAfter">A sender rotates its key once it is this old (zero: never by time).</param>
/// <param name="TransitionWindow">How long a receiver still accepts an older key id after a newer one arrived.</param>
/// <param name="MaxForwardJump">How many message keys one message may make a receiver skip.</param>
/// <param name="MaxSkippedKeys">How many skipped message keys a receiver keeps per sender.</param>
public sealed record SenderKeySettings(
    int? RotateAfterMessages = null,
    TimeSpan? RotateAfter = null,
    TimeSpan? TransitionWindow = null,
    int? MaxForwardJump = null,
    int? MaxSkippedKeys = null);
