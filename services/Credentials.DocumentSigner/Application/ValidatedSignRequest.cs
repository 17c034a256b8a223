using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Icao9303.Sod;
using HashAlgorithm = Credentials.Contracts.Common.V1.HashAlgorithm;

namespace Credentials.DocumentSigner.Application;

/// <summary>A SignSecurityObject request that passed <see cref="SignRequestValidator"/>, with every data group hashed.</summary>
internal sealed record ValidatedSignRequest
{
    public required string RequestId { get; init; }

    public required string DocumentType { get; init; }

    /// <summary>LDSVersionInfo for an LDSSecurityObject v1; null for v0.</summary>
    public required LdsVersionInfo? VersionInfo { get; init; }

    public required HashAlgorithm HashAlgorithm { get; init; }

    public required HashAlgorithmName HashName { get; init; }

    /// <summary>Dotted OID of the data group hash (and signature digest) algorithm.</summary>
    public required string DigestOid { get; init; }

    /// <summary>The data group hashes, ascending by number.</summary>
    public required IReadOnlyList<DataGroupHash> DataGroupHashes { get; init; }

    /// <summary>The document number for the keyed hash of the event; empty when not given. Never stored.</summary>
    public required string DocumentNumber { get; init; }

    /// <summary>The document's date of expiry (00:00 UTC), from the request or DG1; null when unknown.</summary>
    public required DateTimeOffset? DocumentExpiresAt { get; init; }
}
