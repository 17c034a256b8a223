using System.Numerics;

namespace Credentials.Icao9303.Issuance;

/// <summary>The content of one CRL a CSCA signs.</summary>
public sealed record CrlTemplate
{
    /// <summary>thisUpdate.</summary>
    public required DateTimeOffset ThisUpdate { get; init; }

    /// <summary>nextUpdate; Doc 9303 Part 12 §7.1.4: at most 90 days after thisUpdate.</summary>
    public required DateTimeOffset NextUpdate { get; init; }

    /// <summary>cRLNumber: non-negative, strictly increasing per issuer key (RFC 5280 §5.2.3).</summary>
    public required BigInteger CrlNumber { get; init; }

    /// <summary>The revoked certificates.</summary>
    public IReadOnlyList<CrlEntry> Entries { get; init; } = [];
}
