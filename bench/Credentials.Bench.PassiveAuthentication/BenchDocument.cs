using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Icao9303.Sod;

namespace Credentials.Bench.PassiveAuthentication;

/// <summary>
/// A throw-away test PKI and document for one signature algorithm, generated in memory at start-up: a self-signed CSCA,
/// a DSC it issued, an empty CRL, DG1 (specimen MRZ) and DG15, and an EF.SOD built with <see cref="EfSodBuilder"/>.
/// Nothing is written to disk.
/// </summary>
internal sealed class BenchDocument
{
    private BenchDocument(string name, string opensslAlgorithm, byte[] sod, Dictionary<int, ReadOnlyMemory<byte>> dataGroups, byte[] csca, byte[] crl, DateTimeOffset at)
    {
        Name = name;
        OpensslAlgorithm = opensslAlgorithm;
        Sod = sod;
        DataGroups = dataGroups;
        Csca = csca;
        Crl = crl;
        ValidationTime = at;
    }

    public string Name { get; }

    public string OpensslAlgorithm { get; }

    public byte[] Sod { get; }

    public Dictionary<int, ReadOnlyMemory<byte>> DataGroups { get; }

    public byte[] Csca { get; }

    public byte[] Crl { get; }

    public DateTimeOffset ValidationTime { get; }

    public static BenchDocument Create(string name, DateTimeOffset now)
    {
        return name switch
        {
            "P-256" => CreateEc(name, "ecdsap256", ECCurve.NamedCurves.nistP256, now),
            "brainpoolP256r1" => CreateEc(name, "ecdsabrp256r1", ECCurve.NamedCurves.brainpoolP256r1, now),
            "RSA-2048" => CreateRsa(name, RSASignaturePadding.Pkcs1, now),
            "RSA-2048-PSS" => CreateRsa(name, RSASignaturePadding.Pss, now),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown algorithm"),
        };
    }

    private static BenchDocument CreateEc(string name, string openssl, ECCurve curve, DateTimeOffset now)
    {
        using var cscaKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var dscKey = ECDsa.Create(curve);
        var cscaRequest = new CertificateRequest("CN=Bench CSCA,O=Credentials,C=UT", cscaKey, HashAlgorithmName.SHA384);
        var dscRequest = new CertificateRequest("CN=Bench DS " + name + ",O=Credentials,C=UT", dscKey, HashAlgorithmName.SHA256);
        var generator = X509SignatureGenerator.CreateForECDsa(cscaKey);
        return Build(name, openssl, cscaRequest, dscRequest, generator, now,
            attributes => dscKey.SignData(attributes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
            SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null));
    }

    private static BenchDocument CreateRsa(string name, RSASignaturePadding padding, DateTimeOffset now)
    {
        using var cscaKey = RSA.Create(3072);
        using var dscKey = RSA.Create(2048);
        var cscaRequest = new CertificateRequest("CN=Bench CSCA,O=Credentials,C=UT", cscaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var dscRequest = new CertificateRequest("CN=Bench DS " + name + ",O=Credentials,C=UT", dscKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var generator = X509SignatureGenerator.CreateForRSA(cscaKey, RSASignaturePadding.Pkcs1);
        var algorithm = padding == RSASignaturePadding.Pss ? SignatureAlgorithm.CreatePss(Oids.Sha256) : SignatureAlgorithm.FromOid(Oids.Sha256WithRsa, null);
        return Build(name, "rsa2048", cscaRequest, dscRequest, generator, now,
            attributes => dscKey.SignData(attributes, HashAlgorithmName.SHA256, padding), algorithm);
    }

    private static BenchDocument Build(
        string name,
        string openssl,
        CertificateRequest cscaRequest,
        CertificateRequest dscRequest,
        X509SignatureGenerator cscaGenerator,
        DateTimeOffset now,
        Func<byte[], byte[]> sign,
        SignatureAlgorithm signatureAlgorithm)
    {
        cscaRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        cscaRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var cscaSki = new X509SubjectKeyIdentifierExtension(cscaRequest.PublicKey, false);
        cscaRequest.CertificateExtensions.Add(cscaSki);
        using var csca = cscaRequest.Create(cscaRequest.SubjectName, cscaGenerator, now.AddYears(-1), now.AddYears(10), [1]);

        dscRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        dscRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(cscaSki));
        dscRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(dscRequest.PublicKey, false));
        using var dsc = dscRequest.Create(csca.SubjectName, cscaGenerator, now.AddMonths(-1), now.AddYears(5), [0x10, 0x01]);

        var crlBuilder = new CertificateRevocationListBuilder();
        var crl = crlBuilder.Build(csca.SubjectName, cscaGenerator, 1, now.AddDays(30), HashAlgorithmName.SHA256,
            X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(cscaSki), now.AddDays(-1));

        var mrz = MachineReadableZone.Parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10");
        using var aaKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var dataGroups = new Dictionary<int, byte[]>
        {
            [1] = new DataGroup1(mrz).Encode(),
            [15] = new DataGroup15(aaKey.ExportSubjectPublicKeyInfo()).Encode(),
        };
        var lso = LdsSecurityObject.FromDataGroups(Oids.Sha256, dataGroups, new LdsVersionInfo("0108", "040000"));
        var input = EfSodBuilder.PrepareSigning(lso, Oids.Sha256, now.AddDays(-1));
        var signature = sign(input.SignedAttributes.ToArray());
        var sod = EfSodBuilder.Assemble(input, signatureAlgorithm, signature, dsc.RawData);
        return new BenchDocument(name, openssl, sod, dataGroups.ToDictionary(kv => kv.Key, kv => (ReadOnlyMemory<byte>)kv.Value), csca.RawData, crl, now);
    }

    /// <summary>Round-trip check that the generated SOD's DER is what the decoder reads (guards the encoder).</summary>
    public static bool IsDer(byte[] sod)
    {
        var reader = new AsnReader(sod, AsnEncodingRules.DER);
        reader.ReadEncodedValue();
        return !reader.HasData;
    }
}
