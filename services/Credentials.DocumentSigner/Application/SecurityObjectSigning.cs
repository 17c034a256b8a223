using System.Security.Cryptography;
using Credentials.Contracts.Events.V1;
using Credentials.DocumentSigner.Options;
using Credentials.Icao9303.Sod;
using Credentials.KeyVault;
using Credentials.SignerKeys;
using Credentials.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// One EF.SOD of a signing group: the active Document Signer key selected, the LDSSecurityObject and its signed
/// attributes built, the digest signed in the HSM, EF.SOD assembled; and its <c>credential.issued</c> event. The group
/// commit around it (locks, rows, transaction) is Infrastructure's <c>IssuanceGroupCommit</c>.
/// </summary>
internal sealed class SecurityObjectSigning
{
    private readonly SignerKeyStore _keys;
    private readonly IKeyVaultClient _vault;
    private readonly DocumentNumberHasher _documentNumbers;
    private readonly bool _includeSigningTime;

    public SecurityObjectSigning(IOptions<DocumentSignerOptions> options, SignerKeyStore keys, IKeyVaultClient vault, DocumentNumberHasher documentNumbers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = keys;
        _vault = vault;
        _documentNumbers = documentNumbers;
        _includeSigningTime = options.Value.IncludeSigningTime;
    }

    /// <summary>Builds the LDSSecurityObject and its signed attributes, has the HSM sign, assembles EF.SOD (Doc 9303 Part 10 §4.6.2).</summary>
    public async Task<(IssuanceRecord Issuance, SignerKeyRecord Key)> SignAsync(PendingSigning signing, CancellationToken cancellationToken)
    {
        var validated = signing.Request;
        var now = signing.Now;
        // Only a Document Signer key signs EF.SOD (a seal-signer key for the same type is never selected).
        var key = await _keys.SelectAsync(SignerKeyKind.DocumentSigner, validated.DocumentType, now, cancellationToken)
            ?? throw DocumentSignerErrors.NoActiveSignerKey(validated.DocumentType);
        var securityObject = new LdsSecurityObject(validated.DigestOid, validated.DataGroupHashes, validated.VersionInfo);
        var input = EfSodBuilder.PrepareSigning(securityObject, validated.DigestOid, _includeSigningTime ? now : null);
        var (vaultScheme, cmsAlgorithm) = SigningAlgorithms.ForSecurityObject(key.SignatureScheme, validated.HashName);
        var signature = await _vault.SignAsync(KeyReference.ByLabel(key.KeyLabel), input.DigestToSign, vaultScheme, cancellationToken);
        var sod = EfSodBuilder.Assemble(input, cmsAlgorithm, signature, key.CertificateDer);
        var issuance = new IssuanceRecord
        {
            CredentialId = Guid.CreateVersion7(now),
            RequestId = validated.RequestId,
            RequestHash = signing.Fingerprint,
            DocumentType = validated.DocumentType,
            LdsVersion = validated.VersionInfo?.LdsVersion ?? string.Empty,
            UnicodeVersion = validated.VersionInfo?.UnicodeVersion ?? string.Empty,
            HashAlgorithm = validated.HashAlgorithm,
            DataGroupNumbers = validated.DataGroupHashes.Select(h => h.DataGroupNumber).ToArray(),
            SignerKeyId = key.KeyId,
            ObjectKey = ObjectKey.FromContent(sod).Value,
            SecurityObjectSha256 = Convert.ToHexStringLower(SHA256.HashData(sod)),
            SignedAt = now,
            DocumentExpiresAt = validated.DocumentExpiresAt,
            RequestedBy = signing.Caller,
            SecurityObject = sod,
        };
        return (issuance, key);
    }

    /// <summary>The <c>credential.issued</c> event: the document number only as a keyed hash, never in clear.</summary>
    public CredentialIssued Event(IssuanceRecord issuance, SignerKeyRecord key, byte[] documentNumberHash)
    {
        var issued = new CredentialIssued
        {
            CredentialId = issuance.CredentialId.ToString("D"),
            RequestId = issuance.RequestId,
            SecurityObjectSha256 = issuance.SecurityObjectSha256,
            DocumentType = issuance.DocumentType,
            SignerCertificateFingerprintSha256 = key.CertificateFingerprint,
            HashAlgorithm = issuance.HashAlgorithm,
            LdsVersion = issuance.LdsVersion,
            IssuedAt = Timestamp.FromDateTimeOffset(issuance.SignedAt),
            RequestedBy = issuance.RequestedBy,
        };
        if (documentNumberHash.Length > 0)
        {
            issued.DocumentNumberHash = ByteString.CopyFrom(documentNumberHash);
            issued.DocumentNumberHashKeyId = _documentNumbers.KeyId;
        }

        issued.DataGroupNumbers.AddRange(issuance.DataGroupNumbers);
        if (issuance.DocumentExpiresAt is { } expires)
        {
            issued.DocumentExpiresAt = Timestamp.FromDateTimeOffset(expires);
        }

        return issued;
    }
}
