using System.Security.Cryptography;
using Credentials.KeyVault.Pkcs11;

namespace Credentials.KeyVault.Tests;

public sealed class Pkcs11PublicKeyEncodingTests
{
    public static TheoryData<KeyAlgorithm> EcAlgorithms => new(KeyAlgorithms.All.Where(a => a.IsEc()));

    [Theory]
    [MemberData(nameof(EcAlgorithms))]
    public void EcSubjectPublicKeyInfo_WrappedPoint_EqualsDotNetExport(KeyAlgorithm algorithm)
    {
        using var key = ECDsa.Create(algorithm.Curve());
        var point = UncompressedPoint(key);
        // CKA_EC_POINT: DER OCTET STRING around 04 || X || Y.
        var ecPoint = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        ecPoint.WriteOctetString(point);

        var spki = Pkcs11PublicKeyEncoding.EcSubjectPublicKeyInfo(algorithm.CurveParametersDer(), ecPoint.Encode());

        Assert.Equal(key.ExportSubjectPublicKeyInfo(), spki);
    }

    [Fact]
    public void EcSubjectPublicKeyInfo_BarePoint_AcceptedAsLeniency()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var spki = Pkcs11PublicKeyEncoding.EcSubjectPublicKeyInfo(KeyAlgorithm.EcP256.CurveParametersDer(), UncompressedPoint(key));

        Assert.Equal(key.ExportSubjectPublicKeyInfo(), spki);
    }

    [Fact]
    public void EcSubjectPublicKeyInfo_CompressedPoint_Throws()
    {
        var compressed = new byte[] { 0x04, 0x21, 0x02 }.Concat(new byte[32]).ToArray();

        var ex = Assert.Throws<KeyVaultException>(
            () => Pkcs11PublicKeyEncoding.EcSubjectPublicKeyInfo(KeyAlgorithm.EcP256.CurveParametersDer(), compressed));
        Assert.Equal(KeyVaultErrorReason.DeviceError, ex.Reason);
    }

    [Fact]
    public void EcSubjectPublicKeyInfo_TrailingDataAfterOctetString_Throws()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        writer.WriteOctetString(UncompressedPoint(key));
        byte[] withTrailing = [.. writer.Encode(), 0x00];

        Assert.Throws<KeyVaultException>(
            () => Pkcs11PublicKeyEncoding.EcSubjectPublicKeyInfo(KeyAlgorithm.EcP256.CurveParametersDer(), withTrailing));
    }

    [Fact]
    public void CurveFromEcParameters_UnsupportedCurve_Throws()
    {
        // secp256k1, 1.3.132.0.10
        var ex = Assert.Throws<KeyVaultException>(() => Pkcs11PublicKeyEncoding.CurveFromEcParameters(Convert.FromHexString("06052B8104000A")));
        Assert.Equal(KeyVaultErrorReason.UnsupportedAlgorithm, ex.Reason);
    }

    [Theory]
    [InlineData(2048)]
    [InlineData(3072)]
    public void RsaSubjectPublicKeyInfo_ModulusAndExponent_EqualsDotNetExport(int bits)
    {
        using var key = RSA.Create(bits);
        var parameters = key.ExportParameters(false);

        var spki = Pkcs11PublicKeyEncoding.RsaSubjectPublicKeyInfo(parameters.Modulus, parameters.Exponent);

        Assert.Equal(key.ExportSubjectPublicKeyInfo(), spki);
    }

    private static byte[] UncompressedPoint(ECDsa key)
    {
        var q = key.ExportParameters(false).Q;
        return [0x04, .. q.X!, .. q.Y!];
    }
}
