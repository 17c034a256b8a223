using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.IntegrationTests.Stack;

namespace Credentials.IntegrationTests.Infrastructure;

/// <summary>The development mTLS PKI written by scripts/infra up (CRED_TLS_DIR), checked against the contract.</summary>
public sealed class DevPkiTests
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    [Theory]
    [InlineData("csca")]
    [InlineData("document-signer")]
    [InlineData("dtc")]
    [InlineData("trust-anchor")]
    [InlineData("pkd")]
    [InlineData("ledger")]
    public void ServiceCertificate_FromStackCa_HasServerAndClientAuthAndContractNames(string service)
    {
        var stack = StackEnvironment.RequireOrSkip();
        using var ca = stack.LoadCaCertificate();
        using var certificate = stack.LoadCertificateWithKey(service);

        Assert.True(ChainsTo(certificate, ca));
        Assert.Equal([ServerAuth, ClientAuth], ExtendedKeyUsages(certificate));
        var names = SubjectAlternativeNames(certificate);
        Assert.Equal(["DNS:localhost", "IP:127.0.0.1", "URI:spiffe://credentials/" + service], names);
        AssertKeyPairMatches(certificate);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("tests")]
    [InlineData("relying-party")]
    public void ClientCertificate_FromStackCa_HasClientAuthAndSpiffeIdentity(string client)
    {
        var stack = StackEnvironment.RequireOrSkip();
        using var ca = stack.LoadCaCertificate();
        using var certificate = stack.LoadCertificateWithKey(client);

        Assert.True(ChainsTo(certificate, ca));
        Assert.Equal([ClientAuth], ExtendedKeyUsages(certificate));
        Assert.Equal(["URI:spiffe://credentials/" + client], SubjectAlternativeNames(certificate));
        AssertKeyPairMatches(certificate);
    }

    [Fact]
    public void ForeignClientCertificate_AgainstStackCa_DoesNotChainButChainsToForeignCa()
    {
        var stack = StackEnvironment.RequireOrSkip();
        using var ca = stack.LoadCaCertificate();
        using var foreignCa = stack.LoadCertificate("foreign-ca");
        using var certificate = stack.LoadCertificateWithKey("foreign-client");

        Assert.False(ChainsTo(certificate, ca));
        Assert.True(ChainsTo(certificate, foreignCa));
        Assert.Equal([ClientAuth], ExtendedKeyUsages(certificate));
    }

    [Fact]
    public void StackCa_IsAnEcP256CaValidForDaysOnly()
    {
        var stack = StackEnvironment.RequireOrSkip();
        using var ca = stack.LoadCaCertificate();
        using var key = ca.GetECDsaPublicKey();

        var constraints = ca.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.Critical);
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.InRange(ca.NotAfter - ca.NotBefore, TimeSpan.FromDays(1), TimeSpan.FromDays(14));
        Assert.Equal(stack.PostgresRootCertificatePath, stack.TlsFile("ca.crt"));
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 root)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        // The dev CA publishes no CRL; revocation is out of scope of this PKI's structure check.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static string[] ExtendedKeyUsages(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single()
            .EnhancedKeyUsages.Cast<Oid>().Select(oid => oid.Value!).ToArray();

    /// <summary>SubjectAltName as "DNS:…", "IP:…", "URI:…" (RFC 5280 §4.2.1.6 GeneralName).</summary>
    private static List<string> SubjectAlternativeNames(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        var names = new List<string>();
        var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            Assert.Equal(TagClass.ContextSpecific, tag.TagClass);
            switch (tag.TagValue)
            {
                case 2:
                    names.Add("DNS:" + sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                    break;
                case 6:
                    names.Add("URI:" + sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                    break;
                case 7:
                    names.Add("IP:" + new System.Net.IPAddress(sequence.ReadOctetString(tag)));
                    break;
                default:
                    names.Add("other:" + Convert.ToHexString(sequence.ReadEncodedValue().Span));
                    break;
            }
        }

        return names;
    }

    private static void AssertKeyPairMatches(X509Certificate2 certificate)
    {
        using var privateKey = certificate.GetECDsaPrivateKey();
        using var publicKey = certificate.GetECDsaPublicKey();
        Assert.NotNull(privateKey);
        Assert.NotNull(publicKey);
        var data = "dev PKI key check"u8.ToArray();
        var signature = privateKey.SignData(data, HashAlgorithmName.SHA256);
        Assert.True(publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256));
    }
}
