namespace E2eeConformance.Scenarios.Simulation;

/// <summary>
/// What was sent and who read it: message names by the E2eeMsg msg_id the sending device reported (a text to a user
/// is encrypted once per recipient device, possibly later, once a session is accepted), and receipts per device.
/// </summary>
public sealed class MessageLedger
{
    private readonly Dictionary<string, SentMessage> _byName = new(StringComparer.Ordinal);
    private readonly List<SentMessage> _inOrder = [];
    private readonly Dictionary<string, string> _nameByMsgId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SentMessage>> _pendingByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _cursor = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _receipts = new(StringComparer.Ordinal);

    /// <summary>Every sent message, in send order.</summary>
    public IReadOnlyList<SentMessage> Messages => _inOrder;

    /// <summary>Whether a message named <paramref name="name"/> was sent.</summary>
    public bool Exists(string name) => _byName.ContainsKey(name);

    /// <summary>The message named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No message has that name.</exception>
    public SentMessage Get(string name) => _byName.TryGetValue(name, out SentMessage? m) ? m : throw new KeyNotFoundException($"no message named {name} was sent");

    /// <summary>Records a send step's message.</summary>
    /// <exception cref="InvalidOperationException">A message with the same name was already sent.</exception>
    public void Add(SentMessage message)
    {
        if (!_byName.TryAdd(message.Name, message))
        {
            throw new InvalidOperationException($"a message named {message.Name} was already sent");
        }

        _inOrder.Add(message);
        string key = Key(message.From, message.Text);
        if (!_pendingByKey.TryGetValue(key, out List<SentMessage>? sends))
        {
            _pendingByKey[key] = sends = [];
        }

        sends.Add(message);
    }

    /// <summary>
    /// Names the E2eeMsg a device reported encrypting. The sends of this sender with these bytes are matched in the
    /// order they were made, separately for each recipient: a device (one-to-one; the send must be meant for it) or
    /// "group:NAME" (the send must target that group).
    /// </summary>
    public string? OnEncrypted(string from, string recipient, byte[] text, string msgId)
    {
        SentMessage? m = Match(from, recipient, text);
        if (m is not null)
        {
            _nameByMsgId[msgId] = m.Name;
        }

        return m?.Name;
    }

    /// <summary>
    /// A group text the sending device withdrew instead of encrypting it (it waited, and devices joined meanwhile): matched
    /// like <see cref="OnEncrypted"/>; nobody is expected to read it any more. <paramref name="knownBefore"/>: the
    /// recipients the sender knew of when the text was written.
    /// </summary>
    public SentMessage? OnWithdrawn(string from, string recipient, byte[] text, out IReadOnlySet<string> knownBefore)
    {
        SentMessage? m = Match(from, recipient, text);
        knownBefore = m?.Intended ?? new HashSet<string>();
        if (m is not null)
        {
            m.Intended = new HashSet<string>(StringComparer.Ordinal);
            m.Withdrawn = true;
        }

        return m;
    }

    private SentMessage? Match(string from, string recipient, byte[] text)
    {
        string key = Key(from, text);
        if (!_pendingByKey.TryGetValue(key, out List<SentMessage>? sends))
        {
            return null;
        }

        string cursorKey = key + "\n" + recipient;
        bool toGroup = recipient.StartsWith(Model.SendStep.GroupPrefix, StringComparison.Ordinal);
        for (int i = _cursor.GetValueOrDefault(cursorKey); i < sends.Count; i++)
        {
            SentMessage m = sends[i];
            if (toGroup ? m.Target == recipient : !m.ToGroup && m.Allowed.Contains(recipient))
            {
                _cursor[cursorKey] = i + 1;
                return m;
            }
        }

        return null;
    }

    /// <summary>The scenario name of the message an E2eeMsg msg_id belongs to, once known; else null.</summary>
    public string? NameOf(string msgId) => _nameByMsgId.TryGetValue(msgId, out string? name) ? name : null;

    /// <summary>
    /// An adversary changed a message's msg_id (which nothing authenticates) on a copy it delivers: the copy is still the
    /// message named <paramref name="name"/>, so what a device reads from it counts as that message, not as a text no
    /// send step sent. The harness knows because it made the change; the id a device reports cannot mislead it.
    /// </summary>
    public void Alias(string msgId, string name)
    {
        ArgumentNullException.ThrowIfNull(msgId);
        ArgumentNullException.ThrowIfNull(name);
        _nameByMsgId.TryAdd(msgId, name);
    }

    /// <summary>Records a decryption; returns how many times this device has now read the message.</summary>
    public int Receive(string device, string name)
    {
        if (!_receipts.TryGetValue(device, out Dictionary<string, int>? read))
        {
            _receipts[device] = read = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        int count = read.GetValueOrDefault(name) + 1;
        read[name] = count;
        return count;
    }

    /// <summary>
    /// Whether <paramref name="device"/> has read the message named <paramref name="name"/> at least once.
    /// </summary>
    public bool HasReceived(string device, string name) => _receipts.TryGetValue(device, out Dictionary<string, int>? read) && read.ContainsKey(name);

    private static string Key(string from, byte[] text) => $"{from}\n{Convert.ToHexString(text)}";
}
