using Credentials.Contracts.Common.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.SignerKeys;

/// <summary>What a new signer key is: its HSM label, kind, algorithm, and what its certificate request asks csca for.</summary>
public sealed record SignerKeyCertificationRequest
{
    public required SignerKeyKind Kind { get; init; }

    /// <summary>CKA_LABEL; an existing key pair under it is reused (a retry after a crash certifies the same key).</summary>
    public required string KeyLabel { get; init; }

    public required KeyAlgorithm KeyAlgorithm { get; init; }

    /// <summary>The scheme the key signs with (<see cref="SignerKeyAlgorithms.SchemeFor"/>); the CSR is signed with it.</summary>
    public required SignatureScheme SignatureScheme { get; init; }

    public required string CommonName { get; init; }

    /// <summary>The CSCA lineage that certifies the key; empty = csca's only CSCA.</summary>
    public required string CscaId { get; init; }

    public required IReadOnlyList<string> DocumentTypes { get; init; }

    public Duration? Validity { get; init; }

    public Duration? PrivateKeyUsagePeriod { get; init; }

    /// <summary>Names the attempt at csca: its request_id is this, a colon and a digest of the CSR bytes.</summary>
    public required string CscaRequestIdPrefix { get; init; }
}
