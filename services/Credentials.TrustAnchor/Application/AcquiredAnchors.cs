using PaTrustAnchor = Credentials.Icao9303.PassiveAuthentication.TrustAnchor;

namespace Credentials.TrustAnchor.Application;

/// <summary>What <see cref="AnchorPool.Acquire"/> handed out.</summary>
/// <param name="Anchors">The decoded anchors, in the order asked for (duplicates and undecodable certificates left out).</param>
/// <param name="Fingerprints">Their fingerprints: one reference each, to give back with <see cref="AnchorPool.Release"/>.</param>
/// <param name="Decoded">How many certificates had to be decoded by this call (the rest were already in the pool).</param>
/// <param name="Skipped">How many certificates do not decode (left out).</param>
internal sealed record AcquiredAnchors(IReadOnlyList<PaTrustAnchor> Anchors, IReadOnlyList<string> Fingerprints, int Decoded, int Skipped);
