namespace E2eeConformance.Mpenc.Vectors;

/// <summary>Which greeting packet of an operation a packet is (seed 003 §5.2.3 with §5.2.1 and §5.2.2).</summary>
internal enum GreetingStage
{
    /// <summary>An upflow: DEST, the members, the keys, nonces and ephemeral keys so far.</summary>
    Upflow = 1,

    /// <summary>The first downflow: the members, every key, nonce and ephemeral key, and the sender's session signature.</summary>
    Downflow = 2,

    /// <summary>A confirmation (acknowledgement): the sender's session signature alone.</summary>
    Confirmation = 3,
}
