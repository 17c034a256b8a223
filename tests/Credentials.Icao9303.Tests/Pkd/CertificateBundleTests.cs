using System.Text;
using Credentials.Icao9303.Pkd;
using Credentials.Icao9303.Tests.PassiveAuthentication;

namespace Credentials.Icao9303.Tests.Pkd;

/// <summary>
/// PEM and concatenated-DER certificate bundles: the public 720-certificate bundle for what real bundles hold, CSCA
/// certificates made at test time (an EC brainpool and an RSA one) for the split and skip rules.
/// </summary>
public sealed class CertificateBundleTests
{
    [Fact]
    public void Decode_Public720CertificateBundle_UsesGoodEntriesAndReportsEachSkippedOne()
    {
        var bundle = CertificateBundle.Decode(TestVectors.Read("csca", "bundles", "NFCPassportReader_masterList.pem"), requireSupportedKey: true);

        Assert.Equal(720, bundle.TotalEntries);
        Assert.Equal(3, bundle.Skipped.Count);
        Assert.All(bundle.Skipped, s => Assert.Equal("x509.malformed", s.Reason));
        Assert.Equal(720 - 3, bundle.Certificates.Count + bundle.DuplicatesRemoved);

        // Independently (openssl is lenient where we are strict): the skipped entries are Lithuanian link certificates.
        using var openssl = OpenSsl.Create();
        var blocks = File.ReadAllText(TestVectors.PathOf("csca", "bundles", "NFCPassportReader_masterList.pem"))
            .Split("-----END CERTIFICATE-----", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(b => b.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            .ToArray();
        foreach (var skipped in bundle.Skipped)
        {
            var file = openssl.WriteFile($"skipped-{skipped.Index}.pem", Encoding.ASCII.GetBytes(blocks[skipped.Index] + "\n-----END CERTIFICATE-----\n"));
            var (code, output) = openssl.Run("x509", "-in", file, "-noout", "-subject", "-issuer", "-nameopt", "RFC2253");
            Assert.True(code == 0, output);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains("C=LT", lines[0], StringComparison.Ordinal);
            Assert.NotEqual(lines[0]["subject=".Length..], lines[1]["issuer=".Length..]);
        }
    }

    [Fact]
    public void Decode_PemWithBrokenBase64ForeignLabelAndDuplicate_SkipsEachWithItsReason()
    {
        var (germany, newZealand) = TwoCscas();
        var pem = new StringBuilder()
            .Append("leading text is ignored\n")
            .Append(Pem("CERTIFICATE", germany))
            .Append("-----BEGIN CERTIFICATE-----\nMII*not-base64*\n-----END CERTIFICATE-----\n")
            .Append(Pem("X509 CRL", newZealand))
            .Append(Pem("CERTIFICATE", germany))
            .Append(Pem("CERTIFICATE", newZealand[..^1]))
            .Append(Pem("CERTIFICATE", newZealand))
            .ToString();

        var bundle = CertificateBundle.Decode(Encoding.ASCII.GetBytes(pem));

        Assert.Equal(6, bundle.TotalEntries);
        Assert.Equal(2, bundle.Certificates.Count);
        Assert.Equal(1, bundle.DuplicatesRemoved);
        Assert.Equal([(1, "pem.base64"), (2, "pem.label"), (4, "x509.malformed")], bundle.Skipped.Select(s => (s.Index, s.Reason)).ToArray());
    }

    [Fact]
    public void Decode_ConcatenatedDerWithTruncatedTail_SplitsAndSkipsTheTail()
    {
        var (germany, newZealand) = TwoCscas();

        var bundle = CertificateBundle.Decode((byte[])[.. germany, .. newZealand, .. newZealand[..100]]);

        Assert.Equal(2, bundle.Certificates.Count);
        var skipped = Assert.Single(bundle.Skipped);
        Assert.Equal((2, "bundle.malformed"), (skipped.Index, skipped.Reason));
    }

    [Fact]
    public void Decode_SingleDerCertificate_OneCertificate()
    {
        var bundle = CertificateBundle.Decode(TwoCscas().First);

        Assert.Single(bundle.Certificates);
        Assert.Empty(bundle.Skipped);
    }

    [Fact]
    public void Decode_PemWithUnterminatedLastBlock_GoodBlocksUsedRestSkipped()
    {
        var germany = TwoCscas().First;
        var pem = Pem("CERTIFICATE", germany) + "-----BEGIN CERTIFICATE\nMIIB\n";

        var bundle = CertificateBundle.Decode(Encoding.ASCII.GetBytes(pem));

        Assert.Single(bundle.Certificates);
        var skipped = Assert.Single(bundle.Skipped);
        Assert.Equal((1, "pem.malformed"), (skipped.Index, skipped.Reason));
        Assert.Contains($"line {1 + Pem("CERTIFICATE", germany).Count(c => c == '\n')} ", skipped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_Empty_ThrowsBundleEmpty()
    {
        Assert.Equal("bundle.empty", Assert.Throws<Icao9303FormatException>(() => CertificateBundle.Decode(ReadOnlyMemory<byte>.Empty)).Reason);
    }

    [Fact]
    public void Decode_TextWithoutPemBlock_NoCertificateOneSkippedEntry()
    {
        var bundle = CertificateBundle.Decode(Encoding.ASCII.GetBytes("no PEM block here"));

        Assert.Empty(bundle.Certificates);
        Assert.Equal("bundle.malformed", Assert.Single(bundle.Skipped).Reason);
    }

    /// <summary>Two CSCA certificates made now: brainpoolP384r1 and RSA 2048.</summary>
    private static (byte[] First, byte[] Second) TwoCscas()
    {
        using var ec = TestPassport.Create(TestPassportKey.EcBrainpoolP384);
        using var rsa = TestPassport.Create(TestPassportKey.RsaPkcs1);
        return (ec.Csca, rsa.Csca);
    }

    private static string Pem(string label, byte[] der) => $"-----BEGIN {label}-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)}\n-----END {label}-----\n";
}
