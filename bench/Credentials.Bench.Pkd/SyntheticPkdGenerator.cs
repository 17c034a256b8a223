using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;

namespace Credentials.Bench.Pkd;

/// <summary>
/// Writes a PKD-sized LDIF (ICAO PKD download layout) over a consistent synthetic PKI: per State a CSCA (ECDSA P-256,
/// ECDSA P-384, RSA-2048 PKCS#1 v1.5 or RSA-2048 PSS, in turn), for every fifth State a second CSCA generation with a
/// same-name link certificate, a Master List Signer, one signed CSCA Master List per State holding every CSCA and link
/// certificate of every State, Document Signer certificates issued round-robin by the States' current CSCAs, and CRLs
/// that revoke some of each State's DSCs. Master Lists come first in the file, then DSCs, then CRLs.
/// </summary>
internal sealed class SyntheticPkdGenerator
{
    private const string MasterListSignerEku = "2.23.136.1.1.3";
    private const string Base = "dc=data,dc=download,dc=pkd,dc=icao,dc=int";
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly int _dscs;
    private readonly int _crls;
    private readonly int _states;

    public SyntheticPkdGenerator(int dscs, int crls, int masterLists)
    {
        _dscs = dscs;
        _crls = crls;
        _states = masterLists;
    }

    public async Task GenerateAsync(string path, CancellationToken cancellationToken)
    {
        var states = Enumerable.Range(0, _states).AsParallel().AsOrdered().Select(CreateState).ToList();
        try
        {
            var allCscas = states.SelectMany(s => s.Authorities).Select(c => (ReadOnlyMemory<byte>)c.RawData).ToList();
            var keyPool = CreateKeyPool();
            // DSCs: created in parallel per State (each State's CSCA key used by one thread only).
            var dscs = states.AsParallel().AsOrdered()
                .Select(s => Enumerable.Range(0, _dscs)
                    .Where(i => i % _states == s.Index)
                    .Select(i => CreateDsc(s, i, keyPool[i % keyPool.Count]))
                    .ToList())
                .ToList();

            await using var writer = new LdifWriter(File.Create(path));
            await writer.WriteVersionAsync(cancellationToken);
            await writer.WriteEntryAsync(new LdifEntry(Base, [Text("objectClass", "top"), Text("objectClass", "domain"), Text("dc", "data")]), cancellationToken);
            var version = 1000L;
            foreach (var state in states)
            {
                await writer.WriteEntryAsync(new LdifEntry($"c={state.Code},{Base}", [Text("objectClass", "top"), Text("objectClass", "country"), Text("c", state.Code)]), cancellationToken);
                await writer.WriteEntryAsync(new LdifEntry($"o=ml,c={state.Code},{Base}", [Text("objectClass", "top"), Text("objectClass", "organization"), Text("o", "ml")]), cancellationToken);
                await writer.WriteEntryAsync(PkdLdifEntries.MasterList(CreateMasterList(state, allCscas), ++version), cancellationToken);
            }

            foreach (var (state, certificates) in states.Zip(dscs))
            {
                await writer.WriteEntryAsync(new LdifEntry($"o=dsc,c={state.Code},{Base}", [Text("objectClass", "top"), Text("objectClass", "organization"), Text("o", "dsc")]), cancellationToken);
                foreach (var dsc in certificates)
                {
                    await writer.WriteEntryAsync(PkdLdifEntries.Dsc(dsc.Der, ++version), cancellationToken);
                }
            }

            for (var i = 0; i < _crls; i++)
            {
                var state = states[i % states.Count];
                if (i < states.Count)
                {
                    await writer.WriteEntryAsync(new LdifEntry($"o=crl,c={state.Code},{Base}", [Text("objectClass", "top"), Text("objectClass", "organization"), Text("o", "crl")]), cancellationToken);
                }

                var revoked = dscs[state.Index].Take(1 + (i % 40)).Select(d => d.Serial).ToList();
                var crl = CreateCrl(state, revoked, crlNumber: 10 + (i / states.Count));
                await writer.WriteEntryAsync(PkdLdifEntries.Crl(crl, ++version), cancellationToken);
            }
        }
        finally
        {
            foreach (var state in states)
            {
                state.Dispose();
            }
        }
    }

    private static LdifAttribute Text(string name, string value) => LdifAttribute.Create(name, value);

    private static string CodeOf(int index) => string.Concat((char)('A' + (index / 26 % 26)), (char)('A' + (index % 26)));

    /// <summary>DSC public keys (the generator never signs with a DSC key, so a pool of 32 keys is shared).</summary>
    private static List<PublicKey> CreateKeyPool()
    {
        var pool = new List<PublicKey>();
        for (var i = 0; i < 24; i++)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            pool.Add(PublicKey.CreateFromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _));
        }

        for (var i = 0; i < 8; i++)
        {
            using var key = RSA.Create(2048);
            pool.Add(PublicKey.CreateFromSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _));
        }

        return pool;
    }

#pragma warning disable CA2000 // The certificates and the signer key move into State, which disposes them.
    private State CreateState(int index)
    {
        var code = CodeOf(index);
        var kind = index % 4;
        var first = CreateCsca(code, kind, generation: 1);
        X509Certificate2? link = null;
        var current = first;
        X509Certificate2? second = null;
        if (index % 5 == 0)
        {
            second = CreateCsca(code, kind, generation: 2);
            link = CreateLink(first, second, kind);
            current = second;
        }

        var mlsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Master List Signer {code},O=Synthetic {code},C={code}", mlsKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(MasterListSignerEku)], true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(current, true, false));
        request.CertificateExtensions.Add(PrivateKeyUsagePeriodExtension(Epoch, Epoch.AddYears(3)));
        using var mlsPublic = Create(request, current, Epoch, Epoch.AddYears(5), kind);
        var mls = mlsPublic.CopyWithPrivateKey(mlsKey);
        var authorities = new List<X509Certificate2> { first };
        if (second is not null)
        {
            authorities.Add(second);
            authorities.Add(link!);
        }

        return new State(index, code, kind, current, authorities, mls, mlsKey);
    }
#pragma warning restore CA2000

    private static X509Certificate2 CreateCsca(string code, int kind, int generation)
    {
        var name = $"CN=CSCA {code},O=Synthetic {code},C={code}";
        var notBefore = Epoch.AddYears(generation - 2);
        switch (kind)
        {
            case 0:
            case 1:
                {
                    using var key = ECDsa.Create(kind == 0 ? ECCurve.NamedCurves.nistP256 : ECCurve.NamedCurves.nistP384);
                    var request = new CertificateRequest(name, key, kind == 0 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384);
                    AddCscaExtensions(request, notBefore);
                    return request.CreateSelfSigned(notBefore, notBefore.AddYears(15));
                }

            default:
                {
                    using var key = RSA.Create(2048);
                    var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, kind == 2 ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
                    AddCscaExtensions(request, notBefore);
                    return request.CreateSelfSigned(notBefore, notBefore.AddYears(15));
                }
        }
    }

    private static void AddCscaExtensions(CertificateRequest request, DateTimeOffset notBefore)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(PrivateKeyUsagePeriodExtension(notBefore, notBefore.AddYears(5)));
    }

    /// <summary>Link certificate: the new CSCA key certified by the old one, same name (a common real-world shape).</summary>
    private static X509Certificate2 CreateLink(X509Certificate2 previous, X509Certificate2 next, int kind)
    {
        var request = kind < 2
            ? new CertificateRequest(next.SubjectName, next.PublicKey, kind == 0 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384)
            : new CertificateRequest(next.SubjectName, next.PublicKey, HashAlgorithmName.SHA256, kind == 2 ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(next.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(previous, true, false));
        return Create(request, previous, next.NotBefore, previous.NotAfter.AddDays(-1), kind);
    }

    private static X509Certificate2 Create(CertificateRequest request, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter, int kind)
    {
        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        if (kind < 2)
        {
            using var key = issuer.GetECDsaPrivateKey()!;
            var generator = X509SignatureGenerator.CreateForECDsa(key);
            return request.Create(issuer.SubjectName, generator, notBefore, notAfter, serial);
        }

        using var rsa = issuer.GetRSAPrivateKey()!;
        var rsaGenerator = X509SignatureGenerator.CreateForRSA(rsa, kind == 2 ? RSASignaturePadding.Pkcs1 : RSASignaturePadding.Pss);
        return request.Create(issuer.SubjectName, rsaGenerator, notBefore, notAfter, serial);
    }

    private static DscRecord CreateDsc(State state, int number, PublicKey key)
    {
        var name = $"CN=DS {number:D6},O=Synthetic {state.Code},C={state.Code}";
        var hash = state.Kind == 1 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
        var request = new CertificateRequest(new X500DistinguishedName(name), key, hash);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(state.Current, true, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var notBefore = Epoch.AddDays(number % 365);
        request.CertificateExtensions.Add(PrivateKeyUsagePeriodExtension(notBefore, notBefore.AddMonths(3)));
        request.CertificateExtensions.Add(new X509Extension(DocumentTypeListOid, DocumentTypeList(), false));
        using var certificate = Create(request, state.Current, notBefore, notBefore.AddYears(10), state.Kind);
        return new DscRecord(certificate.Subject, certificate.SerialNumber, certificate.SerialNumberBytes.ToArray(), certificate.RawData);
    }

    private sealed record DscRecord(string Subject, string SerialHex, byte[] Serial, byte[] Der);

    private const string DocumentTypeListOid = "2.23.136.1.1.6.2";

    private static byte[] DocumentTypeList()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSetOf())
            {
                writer.WriteCharacterString(UniversalTagNumber.PrintableString, "P");
            }
        }

        return writer.Encode();
    }

    private static X509Extension PrivateKeyUsagePeriodExtension(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteGeneralizedTime(notBefore, omitFractionalSeconds: true, new Asn1Tag(TagClass.ContextSpecific, 0));
            writer.WriteGeneralizedTime(notAfter, omitFractionalSeconds: true, new Asn1Tag(TagClass.ContextSpecific, 1));
        }

        return new X509Extension("2.5.29.16", writer.Encode(), false);
    }

    private static byte[] CreateMasterList(State state, IReadOnlyList<ReadOnlyMemory<byte>> cscas)
    {
        var input = MasterListBuilder.PrepareSigning(cscas, Oids.Sha256, Epoch);
        var signature = state.MasterListSignerKey.SignData(input.SignedAttributes.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return MasterListBuilder.Assemble(input, SignatureAlgorithm.FromOid(Oids.EcdsaWithSha256, null), signature, state.MasterListSigner.RawData);
    }

    private static byte[] CreateCrl(State state, List<byte[]> revokedSerials, int crlNumber)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var serial in revokedSerials)
        {
            builder.AddEntry(serial, Epoch.AddDays(30), X509RevocationReason.KeyCompromise);
        }

        var thisUpdate = Epoch.AddDays(crlNumber);
        var nextUpdate = thisUpdate.AddDays(90);
        var hash = state.Kind == 1 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
        return state.Kind == 3
            ? builder.Build(state.Current, crlNumber, nextUpdate, hash, RSASignaturePadding.Pss, thisUpdate)
            : builder.Build(state.Current, crlNumber, nextUpdate, hash, state.Kind == 2 ? RSASignaturePadding.Pkcs1 : null, thisUpdate);
    }

    private sealed record State(
        int Index,
        string Code,
        int Kind,
        X509Certificate2 Current,
        List<X509Certificate2> Authorities,
        X509Certificate2 MasterListSigner,
        ECDsa MasterListSignerKey) : IDisposable
    {
        public void Dispose()
        {
            foreach (var certificate in Authorities)
            {
                certificate.Dispose();
            }

            MasterListSigner.Dispose();
            MasterListSignerKey.Dispose();
        }
    }
}
