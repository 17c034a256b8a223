using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Contracts.Csca.V1;
using Credentials.Core;
using Credentials.Icao9303.Issuance;
using Credentials.KeyVault;
using Google.Protobuf;

namespace Credentials.SignerKeys;

/// <summary>
/// "An HSM key certified by csca", for every signer kind: the key pair generated inside the HSM (or found under its
/// label), a PKCS#10 request signed by the HSM (proof of possession), the certificate from csca's
/// IssueSignerCertificate (the signer kind picks the profile: Doc 9303 Part 12 §7.1.1 for Document Signers, Part 13 /
/// TR VDS-NC for seal signers, TR DTC for DTC Signers), and the check that the certificate certifies that very key.
/// </summary>
public sealed class SignerKeyCertifier
{
    private readonly IKeyVaultClient _vault;
    private readonly ISignerCertificateIssuer _issuer;

    public SignerKeyCertifier(IKeyVaultClient vault, ISignerCertificateIssuer issuer)
    {
        _vault = vault;
        _issuer = issuer;
    }

    public async Task<CertifiedSignerKey> CertifyAsync(SignerKeyCertificationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var label = KeyReference.ByLabel(request.KeyLabel);
        _ = await _vault.FindAsync(label, cancellationToken)
            ?? await _vault.GenerateKeyPairAsync(request.KeyLabel, SignerKeyAlgorithms.ToVault(request.KeyAlgorithm), KeyGenerationOptions.Default, cancellationToken);
        var publicKey = await _vault.GetPublicKeyAsync(label, cancellationToken);

        var requestSigner = new VaultRequestSigner(
            _vault, request.KeyLabel, SignerKeyAlgorithms.Issuance(request.SignatureScheme, SignerKeyAlgorithms.RequestHash(request.KeyAlgorithm)));
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(request.CommonName);
        var csr = await CertificationRequestBuilder.CreateAsync(subject.Build(), publicKey, requestSigner, cancellationToken);

        var issueRequest = new IssueSignerCertificateRequest
        {
            // An ECDSA self-signature differs per attempt, so the csca request_id names the CSR bytes too.
            RequestId = $"{request.CscaRequestIdPrefix}:{Convert.ToHexStringLower(SHA256.HashData(csr).AsSpan(0, 8))}",
            CscaId = request.CscaId,
            CsrDer = ByteString.CopyFrom(csr),
            SignerKind = SignerKeyKinds.ToContract(request.Kind),
            Validity = request.Validity,
            PrivateKeyUsagePeriod = request.PrivateKeyUsagePeriod,
        };
        issueRequest.DocumentTypes.AddRange(request.DocumentTypes);
        var issued = await _issuer.IssueAsync(issueRequest, cancellationToken);

        var certificateDer = issued.Certificate.Der.ToByteArray();
        using (var certificate = X509CertificateLoader.LoadCertificate(certificateDer))
        {
            if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(publicKey))
            {
                throw new CredentialsException(ErrorKind.FailedPrecondition, "UNSPECIFIED", "The signer certificate from csca does not certify the HSM key.");
            }
        }

        return new CertifiedSignerKey
        {
            KeyLabel = request.KeyLabel,
            CertificateDer = certificateDer,
            CertificateFingerprint = Convert.ToHexStringLower(SHA256.HashData(certificateDer)),
            Certificate = issued.Certificate,
            PrivateKeyUsageNotAfter = (issued.Certificate.PrivateKeyUsageNotAfter ?? issued.Certificate.NotAfter).ToDateTimeOffset(),
        };
    }
}
