using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Issuance;
using Credentials.Icao9303.Pkd;

namespace Credentials.Icao9303.Tests.Pkd;

/// <summary>
/// ICAO PKD LDIF files (Doc 9303 Part 12 section 11 distribution, dc=data layout) made at test time from CSCAs, Document
/// Signer certificates and CRLs generated here (P-256, nothing stored), for tests that need <em>some</em> PKD download
/// rather than a particular one. Linked into the credctl and pkd tests.
/// </summary>
internal sealed class TestPkdLdif : IDisposable
{
    private readonly ECDsa _cscaKey;

    /// <summary>A State PKI: a self-signed CSCA of <paramref name="country"/> (two letters).</summary>
    public TestPkdLdif(string country)
    {
        Country = country;
        Csca = X509CertificateLoader.LoadCertificate(TestMasterList.Csca($"CN=CSCA {country},O=State {country},C={country}", out var key));
        _cscaKey = key;
    }

    public string Country { get; }

    public X509Certificate2 Csca { get; }

    /// <summary>
    /// A Document Signer certificate (Part 12 profile: KU digitalSignature, Document Type List P, AKI) issued by
    /// <see cref="Csca"/>; another <paramref name="keyUsage"/> makes a non-conformant one.
    /// </summary>
    public byte[] Dsc(int serial, X509KeyUsageFlags keyUsage = X509KeyUsageFlags.DigitalSignature)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=DS {serial},O=State {Country},C={Country}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
        request.CertificateExtensions.Add(IcaoExtensions.DocumentTypeList(["P"]));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Csca, true, false));
        using var certificate = request.Create(Csca.SubjectName, X509SignatureGenerator.CreateForECDsa(_cscaKey),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(3), [0x20, (byte)(serial >> 8), (byte)serial]);
        return certificate.RawData;
    }

    /// <summary>
    /// A CRL of <see cref="Csca"/> with CRL number <paramref name="number"/>, revoking <paramref name="revokedSerials"/>;
    /// next update in <paramref name="days"/> days (a negative value: issued <c>2 - days</c> days ago, already past its next update).
    /// </summary>
    public byte[] Crl(int number, int days = 30, params byte[][] revokedSerials)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var serial in revokedSerials)
        {
            builder.AddEntry(serial, DateTimeOffset.UtcNow.AddDays(days < 0 ? days - 3 : -1));
        }

        var thisUpdate = days < 0 ? DateTimeOffset.UtcNow.AddDays(days - 2) : DateTimeOffset.UtcNow.AddMinutes(-5);
        var nextUpdate = days < 0 ? DateTimeOffset.UtcNow.AddDays(days) : thisUpdate.AddDays(days);
        return builder.Build(Csca.SubjectName, X509SignatureGenerator.CreateForECDsa(_cscaKey), number, nextUpdate,
            HashAlgorithmName.SHA256, X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Csca, true, false), thisUpdate);
    }

    /// <summary>A CSCA Master List signed under <see cref="Csca"/> (see <see cref="TestMasterList.Create"/>).</summary>
    public byte[] MasterList(int foreignCount) => TestMasterList.Create(Csca, _cscaKey, foreignCount);

    /// <summary>Writes <paramref name="entries"/> as an LDIF file (version line first).</summary>
    public static async Task<byte[]> WriteAsync(IEnumerable<LdifEntry> entries, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        await using (var writer = new LdifWriter(stream, leaveOpen: true))
        {
            await writer.WriteVersionAsync(cancellationToken);
            foreach (var entry in entries)
            {
                await writer.WriteEntryAsync(entry, cancellationToken);
            }
        }

        return stream.ToArray();
    }

    public void Dispose()
    {
        Csca.Dispose();
        _cscaKey.Dispose();
    }
}
