using Credentials.Icao9303.Pkd;

namespace Credentials.Pkd.Application;

/// <summary>
/// The raw input of one <see cref="ArtifactUnit"/>: a Master List, a CRL, a chunk of LDIF payload entries, or the
/// reason an artifact could not be read at all.
/// </summary>
internal abstract record UnitSource
{
    /// <summary>One CSCA Master List (CMS ContentInfo).</summary>
    public sealed record MasterList(ReadOnlyMemory<byte> ContentInfo) : UnitSource;

    /// <summary>DSC and CRL payloads (in artifact order).</summary>
    public sealed record Entries(IReadOnlyList<(PkdEntryKind Kind, ReadOnlyMemory<byte> Payload)> Items) : UnitSource;

    /// <summary>An unreadable artifact.</summary>
    public sealed record Malformed(string Reason) : UnitSource;
}
