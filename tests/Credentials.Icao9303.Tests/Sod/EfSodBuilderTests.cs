using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Sod;

namespace Credentials.Icao9303.Tests.Sod;

public sealed class EfSodBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Assemble_ExternalEcdsaSignature_VerifiesEndToEnd()
    {
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.brainpoolP384r1);
        using var dscKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (csca, dsc) = Pki(cscaKey, dscKey);
        var dataGroups = DataGroups();
        var lso = LdsSecurityObject.FromDataGroups(Oids.Sha256, dataGroups, new LdsVersionInfo("0108", "040000"));

        var input = EfSodBuilder.PrepareSigning(lso, Oids.Sha256, Now);
        // The HSM signs the digest of the signed attributes.
        var signature = dscKey.SignHash(input.DigestToSign.Span, DSASignatureFormat.Rfc3279DerSequence);
        var sod = EfSodBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, dsc);

        Assert.Equal(0x77, sod[0]);
        var decoded = EfSod.Decode(sod);
        Assert.Empty(decoded.Warnings);
        Assert.Equal(1, decoded.SecurityObject.Version);
        Assert.Equal(lso.Encode(), decoded.SignedData.EContent!.Value.ToArray());
        Assert.Equal(Now, decoded.SignerInfo.SigningTime);

        using var store = new PassiveAuthenticationTrustStore([csca]);
        using var authenticator = new PassiveAuthenticator(store);
        var result = authenticator.Verify(new PassiveAuthenticationRequest
        {
            EfSod = sod,
            DataGroups = dataGroups.ToDictionary(kv => kv.Key, kv => (ReadOnlyMemory<byte>)kv.Value),
            ValidationTime = Now,
        });
        Assert.Equal(PassiveAuthenticationVerdict.ValidWithWarnings, result.Verdict);
        Assert.All(result.Checks.Where(c => c.Status == CheckStatus.Warn), c => Assert.Equal("crl.missing", c.Reason));
        Assert.Equal("dsc.valid-at-signing", result.Find("dsc.validity-at-signing")!.Reason);
    }

    [Fact]
    public void Assemble_RsaPkcs1_IsDeterministic()
    {
        using var cscaKey = RSA.Create(2048);
        using var dscKey = RSA.Create(2048);
        var (_, dsc) = Pki(cscaKey, dscKey);
        var lso = LdsSecurityObject.FromDataGroups(Oids.Sha256, DataGroups());
        byte[] Build()
        {
            var input = EfSodBuilder.PrepareSigning(lso, Oids.Sha256, Now);
            var signature = dscKey.SignData(input.SignedAttributes.ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return EfSodBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.Sha256WithRsa, null), signature, dsc);
        }

        Assert.Equal(Build(), Build());
    }

    [Fact]
    public void Decode_EncodedSecurityObject_RoundTrips()
    {
        var lso = LdsSecurityObject.FromDataGroups(Oids.Sha384, DataGroups());
        var decoded = LdsSecurityObject.Decode(lso.Encode());
        Assert.Equal(0, decoded.Version);
        Assert.Equal(Oids.Sha384, decoded.HashAlgorithmOid);
        Assert.Equal(lso.Encode(), decoded.Encode());
    }

    [Fact]
    public void Decode_RealSecurityObjects_ReencodeIdentically()
    {
        foreach (var set in Vectors.SodSets.All)
        {
            var sod = EfSod.Decode(TestVectors.Read("sod", set, "EF.SOD.bin"));
            var original = sod.SignedData.EContent!.Value.ToArray();
            var reencoded = sod.SecurityObject.Encode();
            // Real SODs write hashAlgorithm with or without NULL parameters; compare the decoded structure.
            var again = LdsSecurityObject.Decode(reencoded);
            Assert.Equal(sod.SecurityObject.DataGroupHashes.Select(h => h.HashValue.ToArray()), again.DataGroupHashes.Select(h => h.HashValue.ToArray()));
            Assert.True(original.Length > 0);
        }
    }

    private static Dictionary<int, byte[]> DataGroups()
    {
        var mrz = MachineReadableZone.Parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10");
        using var aa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new Dictionary<int, byte[]>
        {
            [1] = new DataGroup1(mrz).Encode(),
            [15] = new DataGroup15(aa.ExportSubjectPublicKeyInfo()).Encode(),
        };
    }

    private static (byte[] Csca, byte[] Dsc) Pki(AsymmetricAlgorithm cscaKey, AsymmetricAlgorithm dscKey)
    {
        CertificateRequest cscaRequest = cscaKey is ECDsa ce
            ? new("CN=Test CSCA,C=UT", ce, HashAlgorithmName.SHA384)
            : new("CN=Test CSCA,C=UT", (RSA)cscaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        CertificateRequest dscRequest = dscKey is ECDsa de
            ? new("CN=Test DS,C=UT", de, HashAlgorithmName.SHA256)
            : new("CN=Test DS,C=UT", (RSA)dscKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        cscaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        var ski = new X509SubjectKeyIdentifierExtension(cscaRequest.PublicKey, false);
        cscaRequest.CertificateExtensions.Add(ski);
        var generator = cscaKey is ECDsa e ? X509SignatureGenerator.CreateForECDsa(e) : X509SignatureGenerator.CreateForRSA((RSA)cscaKey, RSASignaturePadding.Pkcs1);
        using var csca = cscaRequest.Create(cscaRequest.SubjectName, generator, Now.AddYears(-1), Now.AddYears(10), [1]);
        dscRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        using var dsc = dscRequest.Create(csca.SubjectName, generator, Now.AddMonths(-1), Now.AddYears(5), [0x42]);
        return (csca.RawData, dsc.RawData);
    }
}
