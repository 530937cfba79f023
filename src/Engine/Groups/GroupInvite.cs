using System.Collections.Immutable;

namespace E2eeConformance.Engine.Groups;

/// <summary>
/// How a member's chain was replaced when that member invited (seed 000 §Add members; REFERENCE-BEHAVIOUR §41): at
/// <paramref name="Sequence"/> (the add notice's inviter sequence, exact) its chain welcomed the newcomers in list order
/// and became the final add. Kept on the retired position so that, if our copy of the inviter's chain below it turns out
/// to have lagged, the inviter's later chain and the newcomers' chains can be derived again (<see cref="GroupLagRecovery"/>).
/// </summary>
/// <param name="Sequence">The inviter's position at the add.</param>
/// <param name="Welcomed">The newcomers' member keys (<see cref="GroupMember.Key"/>), in the add's list order.</param>
public sealed record GroupInvite(uint Sequence, ImmutableArray<string> Welcomed);
