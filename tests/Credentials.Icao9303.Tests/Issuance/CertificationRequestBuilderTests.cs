using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Issuance;

namespace Credentials.Icao9303.Tests.Issuance;

public sealed class CertificationRequestBuilderTests
{
    [Theory]
    [InlineData("P-256")]
    [InlineData("RSA-3072-PSS")]
    [InlineData("brainpoolP384r1")]
    public async Task CreateAsync_ExternalSigner_RequestVerifiesWithOpenSslAndDotNet(string algorithm)
    {
        using var openssl = OpenSsl.Create();
        using var signer = CscaCertificateIssuerTests.SignerFor(algorithm);

        var csr = await CertificationRequestBuilder.CreateAsync(new X500DistinguishedName("C=NL, CN=Master List Signer"), signer.SubjectPublicKeyInfo, signer, CancellationToken.None);

        Assert.True(CertificationRequest.Decode(csr).VerifySignature());
        var file = openssl.WriteFile("request.der", csr);
        var (code, output) = openssl.Run("req", "-inform", "DER", "-in", file, "-verify", "-noout");
        Assert.True(code == 0 && output.Contains("verify OK", StringComparison.OrdinalIgnoreCase), output);
        var loaded = CertificateRequest.LoadSigningRequest(csr, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.SkipSignatureValidation);
        Assert.Equal("C=NL, CN=Master List Signer", loaded.SubjectName.Name);
    }
}
