using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Icao9303.Sod;

namespace Credentials.Bench.Verify;

/// <summary>
/// A throw-away PKI generated in memory for one run: a P-256 CSCA (self-signed, CA, keyCertSign|cRLSign), a P-256 DSC
/// it issued, an empty CRL, and an EF.SOD over DG1 (the Doc 9303 specimen MRZ) and DG14-sized filler signed with
/// ecdsa-with-SHA256. Unique subject names per run, so imports never collide with earlier runs.
/// </summary>
internal sealed class VerifyBenchDocument
{
    private VerifyBenchDocument(byte[] csca, byte[] crl, byte[] sod, Dictionary<int, byte[]> dataGroups)
    {
        Csca = csca;
        Crl = crl;
        Sod = sod;
        DataGroups = dataGroups;
    }

    public byte[] Csca { get; }

    public byte[] Crl { get; }

    public byte[] Sod { get; }

    public Dictionary<int, byte[]> DataGroups { get; }

    public static VerifyBenchDocument Create(DateTimeOffset now)
    {
        var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var dscKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cscaRequest = new CertificateRequest($"C=UT, O=Credentials Bench, CN=Bench CSCA {run}", cscaKey, HashAlgorithmName.SHA256);
        cscaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        cscaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ski = new X509SubjectKeyIdentifierExtension(cscaRequest.PublicKey, false);
        cscaRequest.CertificateExtensions.Add(ski);
        using var csca = cscaRequest.CreateSelfSigned(now.AddDays(-30), now.AddYears(10));
        var generator = X509SignatureGenerator.CreateForECDsa(cscaKey);

        var dscRequest = new CertificateRequest($"C=UT, O=Credentials Bench, CN=Bench DS {run}", dscKey, HashAlgorithmName.SHA256);
        dscRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        dscRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski));
        using var dsc = dscRequest.Create(csca.SubjectName, generator, now.AddDays(-7), now.AddYears(5), RandomNumberGenerator.GetBytes(8));

        var crl = new CertificateRevocationListBuilder().Build(csca.SubjectName, generator, 1, now.AddDays(30), HashAlgorithmName.SHA256,
            X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(ski), now.AddMinutes(-5));

        var mrz = MachineReadableZone.Parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10");
        var dataGroups = new Dictionary<int, byte[]> { [1] = new DataGroup1(mrz).Encode() };
        var lso = LdsSecurityObject.FromDataGroups(Oids.Sha256, dataGroups, new LdsVersionInfo("0108", "040000"));
        var input = EfSodBuilder.PrepareSigning(lso, Oids.Sha256, now.AddDays(-1));
        var signature = dscKey.SignData(input.SignedAttributes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var sod = EfSodBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, dsc.RawData);
        return new VerifyBenchDocument(csca.RawData, crl, sod, dataGroups);
    }
}
