using Credentials.Contracts.Common.V1;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// One signed EF.SOD as stored: the bytes in the row (<see cref="SecurityObject"/>) and, once the archiver has run, in an
/// S3 archive bundle at <see cref="ArchiveLocation"/>. <see cref="ObjectKey"/> is the EF.SOD's own content address (its S3
/// key for rows archived one object each, before bundles).
/// </summary>
internal sealed record IssuanceRecord
{
    public required Guid CredentialId { get; init; }

    public required string RequestId { get; init; }

    public required byte[] RequestHash { get; init; }

    public required string DocumentType { get; init; }

    public required string LdsVersion { get; init; }

    public required string UnicodeVersion { get; init; }

    public required HashAlgorithm HashAlgorithm { get; init; }

    public required int[] DataGroupNumbers { get; init; }

    public required string SignerKeyId { get; init; }

    public required string ObjectKey { get; init; }

    public required string SecurityObjectSha256 { get; init; }

    public required DateTimeOffset SignedAt { get; init; }

    public DateTimeOffset? DocumentExpiresAt { get; init; }

    public required string RequestedBy { get; init; }

    /// <summary>The EF.SOD bytes; null only for rows signed before they were kept in the row (then they are in S3).</summary>
    public byte[]? SecurityObject { get; init; }

    /// <summary>
    /// Where the archiver put the EF.SOD (<see cref="SecurityObjectBundle"/>); null while it waits for the archiver, and for
    /// rows archived before bundles, which are in S3 under <see cref="ObjectKey"/>.
    /// </summary>
    public SecurityObjectArchiveLocation? ArchiveLocation { get; init; }
}
