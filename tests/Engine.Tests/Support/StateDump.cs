using System.Text;
using E2eeConformance.Engine.Crypto;
using E2eeConformance.Engine.Sessions;

namespace E2eeConformance.Engine.Tests.Support;

/// <summary>
/// A canonical text dump of everything a session holds: every field of <see cref="RatchetState"/> (keys as hex,
/// including every skipped message key) and of <see cref="SessionInfo"/>. Two dumps are equal exactly when the
/// states are byte-for-byte equal, so "a failed step leaves the state unchanged" (compute, then commit) is a string
/// comparison. It reads the bytes, so an in-place change (e.g. a shared key zeroed by a dispose) shows too.
/// <see cref="RatchetStateFields"/> lists the fields it covers; a test fails when the record gains one it does not.
/// </summary>
internal static class StateDump
{
    /// <summary>The properties of <see cref="RatchetState"/> and its parts that <see cref="Of(RatchetState)"/> writes.</summary>
    public static readonly IReadOnlyDictionary<Type, string[]> RatchetStateFields = new Dictionary<Type, string[]>
    {
        [typeof(RatchetState)] = ["RootKey", "RootSequence", "SendingMessageSequence", "Sender", "Receiver", "SkippedKeys", "EvictedKeys", "ClosedChainEnds"],
        [typeof(SenderChain)] = ["OurRatchetKey", "TheirRatchetKey", "ChainKey"],
        [typeof(ReceiverChain)] = ["TheirRatchetKey", "OurRatchetPrivateKey", "ChainKey", "ChainStart"],
        [typeof(SkippedMessageKey)] = ["RatchetKey", "Index", "DerivedKey"],
        [typeof(KeyPosition)] = ["RatchetKey", "Index"],
        [typeof(ChainKey)] = ["Index", "Key"],
    };

    public static string Of(EstablishedSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var sb = new StringBuilder();
        SessionInfo info = session.Info;
        sb.Append("info.session_id=").AppendLine(info.SessionId)
            .Append("info.suite=").AppendLine(info.Suite.PackId.ToString())
            .Append("info.version=").AppendLine(info.Version.Name)
            .Append("info.our=").AppendLine(info.OurAddress.ToString())
            .Append("info.their=").AppendLine(info.TheirAddress.ToString())
            .Append("info.ad=").AppendLine(Hex(info.AssociatedData))
            .Append("info.fingerprint=").AppendLine(Hex(info.Fingerprint))
            .Append("info.invite_t=").AppendLine(info.InviteT.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append("info.spk=").AppendLine(info.BobSignedPreKeyId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Append("info.opk=").AppendLine(info.BobOneTimePreKeyId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        sb.Append(Of(session.Ratchet));
        return sb.ToString();
    }

    public static string Of(RatchetState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var sb = new StringBuilder();
        sb.Append("root_key=").AppendLine(Hex(state.RootKey))
            .Append("root_sequence=").AppendLine(Num(state.RootSequence))
            .Append("sending_message_sequence=").AppendLine(Num(state.SendingMessageSequence))
            .Append("sender.our_ratchet_key=").AppendLine(Hex(state.Sender.OurRatchetKey))
            .Append("sender.their_ratchet_key=").AppendLine(Hex(state.Sender.TheirRatchetKey))
            .Append("sender.chain_key=").AppendLine(Chain(state.Sender.ChainKey))
            .Append("receiver.their_ratchet_key=").AppendLine(Hex(state.Receiver.TheirRatchetKey))
            .Append("receiver.our_ratchet_private_key=").AppendLine(Hex(state.Receiver.OurRatchetPrivateKey))
            .Append("receiver.chain_key=").AppendLine(Chain(state.Receiver.ChainKey))
            .Append("receiver.chain_start=").AppendLine(Num(state.Receiver.ChainStart))
            .Append("skipped_keys.count=").AppendLine(Num((uint)state.SkippedKeys.Count));
        for (int i = 0; i < state.SkippedKeys.Count; i++)
        {
            SkippedMessageKey k = state.SkippedKeys[i];
            sb.Append("skipped_keys[").Append(i).Append("]=").Append(Hex(k.RatchetKey)).Append('/').Append(Num(k.Index)).Append('/').AppendLine(Hex(k.DerivedKey));
        }

        sb.Append("evicted_keys.count=").AppendLine(Num((uint)state.EvictedKeys.Count));
        for (int i = 0; i < state.EvictedKeys.Count; i++)
        {
            sb.Append("evicted_keys[").Append(i).Append("]=").Append(Hex(state.EvictedKeys[i].RatchetKey)).Append('/').AppendLine(Num(state.EvictedKeys[i].Index));
        }

        sb.Append("closed_chains=").AppendLine(string.Join(',', state.ClosedChainEnds.Select(kv => $"{Num(kv.Key)}:{Num(kv.Value)}")));

        return sb.ToString();
    }

    private static string Chain(ChainKey? chain) => chain is null ? "null" : $"{Num(chain.Index)}:{Hex(chain.Key)}";

    private static string Num(uint value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Hex(SecretBytes secret) => Hex(secret.Span);

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
