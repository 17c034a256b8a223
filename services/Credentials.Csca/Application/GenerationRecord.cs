using Credentials.Contracts.Csca.V1;
using Credentials.Icao9303.Issuance;
using Credentials.KeyVault;

namespace Credentials.Csca.Application;

/// <summary>A row of <c>csca.generations</c> with the DER of its self-signed CSCA certificate.</summary>
internal sealed record GenerationRecord(
    string CscaId,
    int Generation,
    CscaGenerationState State,
    string KeyLabel,
    KeyAlgorithm KeyAlgorithm,
    IssuanceSignatureKind SignatureKind,
    string HashAlgorithm,
    string CertificateFingerprint,
    DateTimeOffset CreatedAt,
    byte[] CertificateDer);
