using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;
using Credentials.Icao9303.Vds;

namespace Credentials.Icao9303.Tests.Vds;

/// <summary>Seals built here verify with openssl: r ‖ s re-wrapped as ECDSA-Sig-Value, over the signed bytes.</summary>
public sealed class SealOpenSslTests : IDisposable
{
    private readonly SealTestPki _pki = new();

    public void Dispose() => _pki.Dispose();

    [Fact]
    public void Decode_VisaSeal_SignatureVerifiesWithOpenSsl()
    {
        using var openssl = OpenSsl.Create();
        var seal = VisibleDigitalSeal.Decode(SealTestPki.VisaSeal(_pki.SealSignerKey));

        AssertOpenSslVerifies(openssl, "vds", seal.SignedData.ToArray(), seal.Signature.ToArray());
        openssl.AssertVerifies(_pki.Csca.RawData, _pki.SealSigner.RawData, "seal signer");
    }

    [Fact]
    public void Create_VdsNc_SignatureVerifiesWithOpenSsl()
    {
        using var openssl = OpenSsl.Create();
        using var message = System.Text.Json.JsonDocument.Parse("""{"uvci":"U1"}""");
        var data = VdsNcSeal.EncodeSignedData(new VdsNcHeader("icao.vacc", 1, "UTO"), message.RootElement);
        var signature = _pki.SealSignerKey.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var seal = VdsNcSeal.Create(data, "ES256", _pki.SealSigner.RawData, signature);

        AssertOpenSslVerifies(openssl, "vdsnc", seal.SignedData.ToArray(), seal.SignatureValue.ToArray());
        Assert.Equal("""{"hdr":{"is":"UTO","t":"icao.vacc","v":1},"msg":{"uvci":"U1"}}""", Encoding.UTF8.GetString(seal.SignedData.Span));
    }

    [Fact]
    public void Create_IdbWithEmbeddedSigner_SignatureAndCertificateVerifyWithOpenSsl()
    {
        using var openssl = OpenSsl.Create();
        var barcode = Credentials.Icao9303.Vds.Idb.IdbBarcode.Decode(IdbTestSeals.Signed(_pki.SealSignerKey, _pki.SealSigner, embed: true, compress: true).Encode());

        AssertOpenSslVerifies(openssl, "idb", barcode.SignedData.ToArray(), barcode.Signature.ToArray());
        openssl.AssertVerifies(_pki.Csca.RawData, barcode.SignerCertificate.ToArray(), "embedded IDB signer");
    }

    private void AssertOpenSslVerifies(OpenSsl openssl, string name, byte[] signedData, byte[] plainSignature)
    {
        var half = plainSignature.Length / 2;
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            // r and s are fixed-width; a DER INTEGER is minimal (a leading zero byte happens 1 time in 256).
            writer.WriteIntegerUnsigned(Minimal(plainSignature.AsSpan(0, half)));
            writer.WriteIntegerUnsigned(Minimal(plainSignature.AsSpan(half)));
        }

        var certificate = openssl.WriteCertificate(name + "-signer.pem", _pki.SealSigner.RawData);
        var (exit, key) = openssl.Run("x509", "-in", certificate, "-pubkey", "-noout");
        Assert.Equal(0, exit);
        var keyFile = openssl.WriteFile(name + "-key.pem", Encoding.ASCII.GetBytes(key));
        var data = openssl.WriteFile(name + ".bin", signedData);
        var signatureFile = openssl.WriteFile(name + ".sig", writer.Encode());

        var (code, output) = openssl.Run("dgst", "-sha256", "-verify", keyFile, "-signature", signatureFile, data);

        Assert.True(code == 0, output);
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);
    }

    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> value)
    {
        var zeros = 0;
        while (zeros < value.Length - 1 && value[zeros] == 0)
        {
            zeros++;
        }

        return value[zeros..];
    }
}
