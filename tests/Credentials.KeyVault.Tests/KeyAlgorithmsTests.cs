using System.Security.Cryptography;

namespace Credentials.KeyVault.Tests;

public sealed class KeyAlgorithmsTests
{
    public static TheoryData<KeyAlgorithm> EcAlgorithms => new(KeyAlgorithms.All.Where(a => a.IsEc()));

    [Fact]
    public void CurveParametersDer_P256_IsNamedCurveOid()
    {
        // 06 08 2A 86 48 CE 3D 03 01 07 = OBJECT IDENTIFIER 1.2.840.10045.3.1.7 (RFC 5480 §2.1.1.1).
        Assert.Equal(Convert.FromHexString("06082A8648CE3D030107"), KeyAlgorithm.EcP256.CurveParametersDer());
    }

    [Theory]
    [MemberData(nameof(EcAlgorithms))]
    public void FromCurveOid_EachCurve_RoundTrips(KeyAlgorithm algorithm)
    {
        Assert.Equal(algorithm, KeyAlgorithms.FromCurveOid(algorithm.CurveOid()));
    }

    [Theory]
    [MemberData(nameof(EcAlgorithms))]
    public void Curve_EachCurve_DotNetGeneratesKeyWithFieldSize(KeyAlgorithm algorithm)
    {
        using var key = ECDsa.Create(algorithm.Curve());
        var parameters = key.ExportParameters(false);

        Assert.Equal(algorithm.CurveFieldBytes(), parameters.Q.X!.Length);
    }

    [Fact]
    public void FromCurveOid_Unknown_ReturnsUnspecified()
    {
        Assert.Equal(KeyAlgorithm.Unspecified, KeyAlgorithms.FromCurveOid("1.3.132.0.10"));
    }

    [Fact]
    public void RsaModulusBits_EcAlgorithm_Throws()
    {
        Assert.Throws<KeyVaultException>(() => KeyAlgorithm.EcP384.RsaModulusBits());
    }

    [Fact]
    public void All_CoversNineAlgorithms_RsaAndEcDisjoint()
    {
        Assert.Equal(9, KeyAlgorithms.All.Count);
        Assert.All(KeyAlgorithms.All, a => Assert.True(a.IsRsa() ^ a.IsEc()));
    }
}
