using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Issuance;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Icao9303.PassiveAuthentication;
using Credentials.Icao9303.Sod;

namespace Credentials.Icao9303.Tests.PassiveAuthentication.Adversarial;

/// <summary>
/// A small State PKI made at test time (P-256, .NET certificate builders, nothing stored): a CSCA, Document Signers and
/// forged signers, link certificates, CRLs, and EF.SODs signed by any of them. The adversarial tests forge with it.
/// </summary>
internal sealed class ForgeryPki : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public const string CscaName = "CN=Utopia CSCA,O=Utopia,C=UT";
    public const string Mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

    private readonly List<IDisposable> _owned = [];
    private int _serial = 0x100;

    public ForgeryPki()
    {
        Csca = SelfSignedCsca(CscaName, out var key);
        CscaKey = key;
    }

    public X509Certificate2 Csca { get; }

    public ECDsa CscaKey { get; }

    /// <summary>DG1 (the specimen MRZ of Doc 9303 Part 4) and DG2-like filler.</summary>
    public static Dictionary<int, ReadOnlyMemory<byte>> DataGroups() => new()
    {
        [1] = new DataGroup1(MachineReadableZone.Parse(Mrz)).Encode(),
        [2] = new byte[] { 0x75, 0x03, 0x01, 0x02, 0x03 },
    };

    public ECDsa NewKey()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _owned.Add(key);
        return key;
    }

    public X509Certificate2 SelfSignedCsca(string name, out ECDsa key)
    {
        key = NewKey();
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var certificate = request.CreateSelfSigned(Now.AddYears(-2), Now.AddYears(10));
        _owned.Add(certificate);
        return certificate;
    }

    /// <summary>A certificate for a new key issued by <paramref name="issuer"/> with the extensions given.</summary>
    public X509Certificate2 Issue(X509Certificate2 issuer, string subject, ECDsa key, params X509Extension[] extensions)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var certificate = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuer.GetECDsaPrivateKey()!), Now.AddYears(-1), Now.AddYears(5), Serial());
        _owned.Add(certificate);
        return certificate;
    }

    /// <summary>A conformant Document Signer of <paramref name="issuer"/> (KU digitalSignature, Document Type List P).</summary>
    public X509Certificate2 DocumentSigner(X509Certificate2 issuer, ECDsa key) =>
        Issue(issuer, "CN=Utopia DS,O=Utopia,C=UT", key,
            new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true),
            IcaoExtensions.DocumentTypeList(["P"]));

    /// <summary>An EF.SOD over <paramref name="dataGroups"/> signed by <paramref name="key"/>, embedding <paramref name="signer"/>.</summary>
    public static byte[] Sod(IReadOnlyDictionary<int, ReadOnlyMemory<byte>> dataGroups, ECDsa key, byte[] signer, DateTimeOffset? signingTime = null)
    {
        var lso = LdsSecurityObject.FromDataGroups(Oids.Sha256, dataGroups.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()));
        var input = EfSodBuilder.PrepareSigning(lso, Oids.Sha256, signingTime ?? Now.AddDays(-1));
        var signature = key.SignHash(input.DigestToSign.Span, DSASignatureFormat.Rfc3279DerSequence);
        return EfSodBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, signer);
    }

    /// <summary>A CRL of <paramref name="issuer"/> (its key must be attached) revoking <paramref name="revoked"/>.</summary>
    public static byte[] Crl(X509Certificate2 issuer, BigInteger number, DateTimeOffset thisUpdate, params X509Certificate2[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, thisUpdate.AddHours(-1));
        }

        return builder.Build(issuer, number, thisUpdate.AddDays(30), HashAlgorithmName.SHA256, thisUpdate: thisUpdate);
    }

    public static PassiveAuthenticationResult Verify(
        IEnumerable<X509Certificate2> anchors,
        byte[] sod,
        IReadOnlyDictionary<int, ReadOnlyMemory<byte>>? dataGroups = null,
        IEnumerable<byte[]>? crls = null,
        string? printedMrz = null)
    {
        using var store = new PassiveAuthenticationTrustStore(anchors.Select(a => (ReadOnlyMemory<byte>)a.RawData), crls?.Select(c => (ReadOnlyMemory<byte>)c));
        using var authenticator = new PassiveAuthenticator(store);
        return authenticator.Verify(new PassiveAuthenticationRequest
        {
            EfSod = sod,
            DataGroups = dataGroups ?? DataGroups(),
            ValidationTime = Now,
            PrintedMrz = printedMrz,
        });
    }

    /// <summary>A DER-encoded extension value holding a SEQUENCE of the given OIDs (extendedKeyUsage).</summary>
    public static X509Extension Eku(params string[] oids)
    {
        var collection = new OidCollection();
        foreach (var oid in oids)
        {
            collection.Add(new Oid(oid));
        }

        return new X509EnhancedKeyUsageExtension(collection, true);
    }

    /// <summary>A critical private extension no profile knows.</summary>
    public static X509Extension UnknownCritical()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteNull();
        return new X509Extension("1.3.6.1.4.1.55555.1", writer.Encode(), critical: true);
    }

    public void Dispose()
    {
        foreach (var item in _owned)
        {
            item.Dispose();
        }
    }

    private byte[] Serial()
    {
        _serial++;
        return [(byte)(_serial >> 8), (byte)_serial];
    }
}
