using System.Security.Cryptography;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Csca.Options;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Issuance;
using Credentials.KeyVault;
using Credentials.Storage;
using Microsoft.Extensions.Options;
using VaultKeyAlgorithm = Credentials.KeyVault.KeyAlgorithm;

namespace Credentials.Csca.Application;

/// <summary>What the use cases share: lineage lookup, HSM keys and signers, storing certificates and publishing CRLs.</summary>
internal sealed class CscaIssuing
{
    private readonly ICscaStore _store;
    private readonly IKeyVaultClient _vault;
    private readonly IObjectStore _objectStore;

    public CscaIssuing(
        ICscaStore store,
        IKeyVaultClient vault,
        IObjectStore objectStore,
        IOptions<CscaOptions> options,
        TimeProvider timeProvider,
        RandomNumberGenerator random)
    {
        Random = random;
        _store = store;
        _vault = vault;
        _objectStore = objectStore;
        Options = options.Value;
        TimeProvider = timeProvider;
    }

    public CscaOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ICscaStore Store => _store;

    public IKeyVaultClient Vault => _vault;

    /// <summary>The lineage named <paramref name="cscaId"/>, or the only one when it is empty.</summary>
    public async Task<CscaRecord> ResolveAsync(string cscaId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(cscaId))
        {
            var ids = await _store.ListCscaIdsAsync(cancellationToken);
            if (ids.Count != 1)
            {
                throw ids.Count == 0
                    ? CscaErrors.CscaNotFound("(none)")
                    : CscaErrors.FieldRequired("csca_id (more than one CSCA exists)");
            }

            cscaId = ids[0];
        }

        return await _store.GetCscaAsync(cscaId, cancellationToken) ?? throw CscaErrors.CscaNotFound(cscaId);
    }

    /// <summary>
    /// The public key of the HSM key pair <paramref name="label"/>, generating it when missing. A key left by an
    /// attempt that failed before its commit is reused: it was never certified.
    /// </summary>
    public async Task<byte[]> EnsureKeyAsync(string label, VaultKeyAlgorithm algorithm, bool isProtected, CancellationToken cancellationToken)
    {
        var existing = await _vault.FindAsync(KeyReference.ByLabel(label), cancellationToken);
        if (existing is null)
        {
            await _vault.GenerateKeyPairAsync(label, algorithm, new KeyGenerationOptions { Protected = isProtected }, cancellationToken);
        }
        else if (existing.Algorithm != algorithm)
        {
            throw CscaErrors.CscaNotActive($"HSM key '{label}' exists with another algorithm ({existing.Algorithm}).");
        }

        return await _vault.GetPublicKeyAsync(KeyReference.ByLabel(label), cancellationToken);
    }

    public VaultCertificateSigner SignerFor(GenerationRecord generation) =>
        new(_vault, generation.KeyLabel, VaultCertificateSigner.AlgorithmOf(generation.SignatureKind, generation.HashAlgorithm));

    public VaultCertificateSigner SignerFor(string keyLabel, IssuanceSignatureAlgorithm algorithm) => new(_vault, keyLabel, algorithm);

    /// <summary>Builds the row of a newly issued certificate.</summary>
    public static CertificateRecord NewCertificate(
        byte[] der, string cscaId, int issuerGeneration, int? subjectGeneration, CertificateKind kind, string? keyLabel, string? requestId, DateTimeOffset now)
    {
        var parts = X509CertificateParts.Decode(der);
        return new CertificateRecord
        {
            Fingerprint = ContractMapping.Fingerprint(der),
            SerialNumber = Convert.ToHexStringLower(parts.SerialNumber.Span),
            CscaId = cscaId,
            IssuerGeneration = issuerGeneration,
            SubjectGeneration = subjectGeneration,
            Kind = kind,
            Subject = new System.Security.Cryptography.X509Certificates.X500DistinguishedName(parts.Subject.Span).Name,
            NotBefore = parts.NotBefore,
            NotAfter = parts.NotAfter,
            KeyLabel = keyLabel,
            ObjectKey = ObjectKey.FromContent(der).Value,
            Der = der,
            IssuedAt = now,
            RequestId = requestId,
        };
    }

    /// <summary>Stores the certificate's DER in S3 and its row, and writes <c>certificate.issued</c>, in the transaction.</summary>
    public async Task<Certificate> StoreCertificateAsync(
        ICscaTransaction transaction, CertificateRecord certificate, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(certificate);
        await _objectStore.PutAsync(new ObjectContent(certificate.Der, "application/pkix-cert"), cancellationToken);
        await transaction.InsertCertificateAsync(certificate, cancellationToken);
        var summary = ContractMapping.Summarize(certificate.Der, certificate.Kind, TimeProvider.GetUtcNow(), null);
        await transaction.WriteEventAsync(
            CscaEventTypes.CertificateIssued,
            certificate.Fingerprint,
            new CertificateIssued { Certificate = summary, CscaId = certificate.CscaId, RequestId = certificate.RequestId ?? string.Empty, RequestedBy = requestedBy },
            cancellationToken);
        return summary;
    }

    /// <summary>
    /// Publishes the next CRL of one generation in the caller's transaction: locks the generation row so CRL numbers
    /// stay strictly increasing, lists every revoked certificate its key issued, has the HSM sign, stores the CRL in S3
    /// and as a row, and writes <c>crl.published</c>.
    /// </summary>
    public async Task<CrlRecord> PublishCrlAsync(
        ICscaTransaction transaction, GenerationRecord generation, TimeSpan nextUpdateIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(generation);
        await transaction.LockGenerationAsync(generation.CscaId, generation.Generation, cancellationToken);
        var number = await transaction.NextCrlNumberAsync(generation.CscaId, generation.Generation, cancellationToken);
        var revoked = await transaction.GetRevokedAsync(generation.CscaId, generation.Generation, cancellationToken);
        var now = TimeProvider.GetUtcNow();
        var template = new CrlTemplate
        {
            ThisUpdate = now,
            NextUpdate = now + nextUpdateIn,
            CrlNumber = number,
            Entries = revoked.Select(r => new CrlEntry(
                Convert.FromHexString(r.SerialNumber),
                r.RevokedAt!.Value,
                ContractMapping.ToCrlReason(r.RevocationReason),
                r.InvalidityDate)).ToList(),
        };
        var der = await CrlIssuer.IssueAsync(template, generation.CertificateDer, SignerFor(generation), cancellationToken);
        var stored = await _objectStore.PutAsync(new ObjectContent(der, "application/pkix-crl"), cancellationToken);
        var record = new CrlRecord(
            generation.CscaId,
            generation.Generation,
            number,
            IcaoTime(template.ThisUpdate),
            IcaoTime(template.NextUpdate),
            revoked.Count,
            ContractMapping.Fingerprint(der),
            stored.Key.Value,
            der);
        await transaction.InsertCrlAsync(record, now, cancellationToken);
        var summary = ContractMapping.SummarizeCrl(der);
        await transaction.WriteEventAsync(
            CscaEventTypes.CrlPublished,
            Convert.ToHexStringLower(summary.AuthorityKeyIdentifier.Span),
            new CrlPublished { Crl = summary, CscaId = generation.CscaId, Generation = generation.Generation },
            cancellationToken);
        return record;
    }

    /// <summary>The random source of serial numbers (thread-safe).</summary>
    public RandomNumberGenerator Random { get; }

    private static DateTimeOffset IcaoTime(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
