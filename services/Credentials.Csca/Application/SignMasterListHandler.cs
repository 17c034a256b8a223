using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Icao9303;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Issuance;
using Credentials.Icao9303.Pkd;
using Credentials.KeyVault;
using Credentials.Storage;
using Google.Protobuf;
using HashAlgorithm = Credentials.Contracts.Common.V1.HashAlgorithm;
using SignatureScheme = Credentials.Contracts.Common.V1.SignatureScheme;

namespace Credentials.Csca.Application;

/// <summary>
/// SignMasterList: the State's CSCA Master List (Doc 9303 Part 12 §9, eContentType 2.23.136.1.1.2) of every CSCA and
/// link certificate of the lineage (plus any given ones), signed in the HSM by a Master List Signer (EKU 2.23.136.1.1.3).
/// Without an explicit signer the newest usable Master List Signer whose key is in this service's HSM is used; when
/// there is none, one is provisioned: a key in the HSM, a PKCS#10 request signed by it, and a certificate from the
/// active CSCA generation.
/// </summary>
internal sealed class SignMasterListHandler
{
    private readonly CscaIssuing _issuing;
    private readonly IdempotentRequests _requests;
    private readonly IssueSignerCertificateHandler _signers;

    public SignMasterListHandler(CscaIssuing issuing, IdempotentRequests requests, IssueSignerCertificateHandler signers)
    {
        _issuing = issuing;
        _requests = requests;
        _signers = signers;
    }

    public Task<SignMasterListResponse> HandleAsync(SignMasterListRequest request, string caller, CancellationToken cancellationToken) =>
        _requests.RunAsync(request.RequestId, "SignMasterList", request, SignMasterListResponse.Parser, (record, ct) => SignAsync(request, caller, record, ct), cancellationToken);

    private async Task<SignMasterListResponse> SignAsync(SignMasterListRequest request, string caller, IdempotentRequest record, CancellationToken cancellationToken)
    {
        var csca = await _issuing.ResolveAsync(request.CscaId, cancellationToken);
        var now = _issuing.TimeProvider.GetUtcNow();
        var lineage = await _issuing.Store.GetLineageCertificatesAsync(csca.CscaId, cancellationToken);
        var additional = request.AdditionalCertificates.Select(c => c.ToByteArray()).ToList();
        foreach (var certificate in additional)
        {
            // Decodes (or refuses with CERTIFICATE_MALFORMED) before anything is signed.
            try
            {
                X509CertificateParts.Decode(certificate);
            }
            catch (Icao9303FormatException format)
            {
                throw CscaErrors.CertificateMalformed(format);
            }
        }

        var (signer, provisioned) = await FindOrProvisionSignerAsync(csca, request.SignerCertificateFingerprintSha256, record.RequestId, now, cancellationToken);
        var keyInfo = await _issuing.Vault.FindAsync(KeyReference.ByLabel(signer.KeyLabel!), cancellationToken)
            ?? throw CscaErrors.MasterListSignerNotFound("The Master List Signer key is no longer in the HSM.");
        var algorithm = ContractMapping.SignatureAlgorithmFor(keyInfo.Algorithm, HashAlgorithm.Unspecified, SignatureScheme.Unspecified);
        var input = MasterListBuilder.PrepareSigning(lineage.Select(c => (ReadOnlyMemory<byte>)c.Der).Concat(additional.Select(c => (ReadOnlyMemory<byte>)c)), algorithm.DigestOid, now);
        var signature = await _issuing.SignerFor(signer.KeyLabel!, algorithm).SignDigestAsync(input.DigestToSign, cancellationToken);
        var issuerGeneration = (await _issuing.Store.GetGenerationsAsync(csca.CscaId, cancellationToken)).Single(g => g.Generation == signer.IssuerGeneration);
        var masterList = MasterListBuilder.Assemble(
            input, SignatureAlgorithm.Decode(algorithm.EncodeAlgorithmIdentifier()), signature, signer.Der, [issuerGeneration.CertificateDer]);
        var fingerprint = ContractMapping.Fingerprint(masterList);

        return await _issuing.Store.ExecuteAsync([new ObjectContent(masterList, "application/cms")], async (tx, ct) =>
        {
            var signerSummary = provisioned
                ? await _issuing.StoreCertificateAsync(tx, signer, caller, ct)
                : ContractMapping.Summarize(signer.Der, CertificateKind.MasterListSigner, now, null);
            await tx.InsertMasterListAsync(fingerprint, csca.CscaId, signer.Fingerprint, input.CertificateCount, tx.ObjectKeys[0], now, record.RequestId, ct);
            var response = new SignMasterListResponse
            {
                MasterList = ByteString.CopyFrom(masterList),
                FingerprintSha256 = fingerprint,
                CertificateCount = input.CertificateCount,
                SignerCertificate = signerSummary,
            };
            await tx.RecordResponseAsync(record, response, ct);
            return response;
        }, cancellationToken);
    }

    private async Task<(CertificateRecord Signer, bool Provisioned)> FindOrProvisionSignerAsync(
        CscaRecord csca, string fingerprint, string requestId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var candidates = await _issuing.Store.GetMasterListSignersAsync(csca.CscaId, cancellationToken);
        bool Usable(CertificateRecord c) => c.RevokedAt is null && c.NotBefore <= now && c.NotAfter >= now && WithinKeyUsage(c.Der, now);
        if (!string.IsNullOrEmpty(fingerprint))
        {
            var chosen = candidates.FirstOrDefault(c => c.Fingerprint == fingerprint);
            return chosen is not null && Usable(chosen)
                ? (chosen, false)
                : throw CscaErrors.MasterListSignerNotFound("No usable Master List Signer certificate of this CSCA with that fingerprint has its key in the HSM.");
        }

        if (candidates.FirstOrDefault(Usable) is { } newest)
        {
            return (newest, false);
        }

        var active = (await _issuing.Store.GetGenerationsAsync(csca.CscaId, cancellationToken)).FirstOrDefault(g => g.State == CscaGenerationState.Active)
            ?? throw CscaErrors.CscaNotActive($"CSCA '{csca.CscaId}' has no active generation to certify a Master List Signer.");
        var label = $"csca-{csca.CscaId}-mls-g{active.Generation}-{candidates.Count + 1}";
        var keyAlgorithm = _issuing.Options.ListSignerKeyAlgorithm;
        var publicKey = await _issuing.EnsureKeyAsync(label, keyAlgorithm, isProtected: false, cancellationToken);
        var keySigner = _issuing.SignerFor(label, ContractMapping.SignatureAlgorithmFor(keyAlgorithm, HashAlgorithm.Unspecified, SignatureScheme.Unspecified));
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(csca.CommonName + " Master List Signer");
        subject.AddOrganizationName(csca.Organization);
        subject.AddCountryOrRegion(csca.Country);
        var csr = await CertificationRequestBuilder.CreateAsync(subject.Build(), publicKey, keySigner, cancellationToken);
        var template = _signers.Template(SignerCertificateKind.MasterListSigner, now, null, null, [], active.CertificateDer);
        var der = await SignerCertificateIssuer.IssueAsync(csr, template, active.CertificateDer, _issuing.SignerFor(active), now, _issuing.Random, cancellationToken);
        return (CscaIssuing.NewCertificate(der, csca.CscaId, active.Generation, null, CertificateKind.MasterListSigner, label, requestId, now), true);
    }

    private static bool WithinKeyUsage(byte[] der, DateTimeOffset now)
    {
        foreach (var (oid, _, value) in X509CertificateParts.Decode(der).Extensions)
        {
            if (oid == Credentials.Icao9303.X509.PrivateKeyUsagePeriod.Oid)
            {
                var period = Credentials.Icao9303.X509.PrivateKeyUsagePeriod.Decode(value);
                return (period.NotBefore is not { } start || now >= start) && (period.NotAfter is not { } end || now <= end);
            }
        }

        return true;
    }
}
