using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;
using Credentials.Icao9303.Tests.PassiveAuthentication;

namespace credctl.Tests.Generated;

/// <summary>
/// Files for credctl to read, made at test time in a fresh temporary folder: a passport (<see cref="TestPassport"/>:
/// EF.SOD, DG1, DG2, CSCA), CRLs, and CSCA Master Lists signed by a Master List Signer of their own CSCA. Nothing from
/// the real-world corpus.
/// </summary>
internal sealed class GeneratedFiles : IDisposable
{
    private const string MasterListSignerEku = "2.23.136.1.1.3";

    private GeneratedFiles(string directory) => Directory = directory;

    public string Directory { get; }

    public static GeneratedFiles Create() => new(System.IO.Directory.CreateTempSubdirectory("credctl-generated-").FullName);

    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Writes EF.SOD.bin, EF.DG1.bin, EF.DG2.bin and CSCA.cer of <paramref name="passport"/> (prefixed).</summary>
    public (string Sod, string Dg1, string Dg2, string Csca) WritePassport(TestPassport passport, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(passport);
        return (Write(prefix + "EF.SOD.bin", passport.Sod), Write(prefix + "EF.DG1.bin", passport.DataGroups[1].ToArray()),
            Write(prefix + "EF.DG2.bin", passport.DataGroups[2].ToArray()), Write(prefix + "CSCA.cer", passport.Csca));
    }

    /// <summary>
    /// A CSCA Master List (Doc 9303 Part 12 section 9) holding its own CSCA and <paramref name="foreignCount"/> other
    /// States' CSCAs, signed by a Master List Signer (EKU 2.23.136.1.1.3) that <paramref name="csca"/> issued.
    /// </summary>
    public static byte[] MasterList(X509Certificate2 csca, ECDsa cscaKey, int foreignCount)
    {
        ArgumentNullException.ThrowIfNull(csca);
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Utopia Master List Signer,O=Utopia,C=UT", signerKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(MasterListSignerEku)], true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(csca, true, false));
        using var signer = request.Create(csca.SubjectName, X509SignatureGenerator.CreateForECDsa(cscaKey), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2), [0x42, 0x01]);

        var certificates = new List<ReadOnlyMemory<byte>> { csca.RawData };
        for (var i = 0; i < foreignCount; i++)
        {
            certificates.Add(Csca($"CN=CSCA {i},O=State {i},C={(char)('A' + (i / 26 % 26))}{(char)('A' + (i % 26))}", out var key));
            key.Dispose();
        }

        var input = MasterListBuilder.PrepareSigning(certificates, Oids.Sha256, DateTimeOffset.UtcNow.AddHours(-1));
        var signature = signerKey.SignData(input.SignedAttributes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return MasterListBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, signer.RawData);
    }

    /// <summary>A self-signed P-256 CSCA certificate (DER) and its key.</summary>
    public static byte[] Csca(string subject, out ECDsa key)
    {
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.RawData;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
