using System.Security.Cryptography;
using System.Text;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Pkd.V1;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Pkd;
using Credentials.Pkd.Options;
using Credentials.Storage;
using Google.Protobuf;

namespace Credentials.Pkd.Application;

/// <summary>
/// ExportLdif: the selected verified, listed certificates (and optionally the current CRLs and the stored Master
/// Lists) written with the shared <see cref="LdifWriter"/> in the ICAO PKD download layout
/// (<c>cn=...+sn=...,o=dsc|csca|lc|mls,c=XX,dc=data,dc=download,dc=pkd,dc=icao,dc=int</c>, <c>o=crl</c>, <c>o=ml</c>),
/// streamed in chunks of at most 64 KiB; the last chunk carries the SHA-256 of the file and the entry count.
/// </summary>
internal sealed class ExportLdifHandler
{
    public const int ChunkSize = 64 * 1024;
    private const string Base = "dc=data,dc=download,dc=pkd,dc=icao,dc=int";

    private readonly ICertificateStore _certificates;
    private readonly ICrlStore _crls;
    private readonly IArtifactStore _artifacts;
    private readonly SourceCatalog _catalog;
    private readonly IObjectStore _objects;

    public ExportLdifHandler(ICertificateStore certificates, ICrlStore crls, IArtifactStore artifacts, SourceCatalog catalog, IObjectStore objects)
    {
        _certificates = certificates;
        _crls = crls;
        _artifacts = artifacts;
        _catalog = catalog;
        _objects = objects;
    }

    public async Task HandleAsync(ExportLdifRequest request, Func<ExportLdifResponse, Task> write, CancellationToken cancellationToken)
    {
        var kinds = request.Kinds.Where(k => k != CertificateKind.Unspecified).Distinct().ToList();
        if (kinds.Count == 0)
        {
            kinds = [CertificateKind.Csca, CertificateKind.Link, CertificateKind.DocumentSigner];
        }

        var countries = request.Countries.ToList();
        using var buffer = new MemoryStream();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long offset = 0, entries = 0;

        async Task DrainAsync(bool final)
        {
            if (buffer.Length < ChunkSize && !final)
            {
                return;
            }

            var bytes = buffer.ToArray();
            buffer.SetLength(0);
            var position = 0;
            while (bytes.Length - position >= ChunkSize || (final && position < bytes.Length))
            {
                var length = Math.Min(ChunkSize, bytes.Length - position);
                var chunk = bytes.AsMemory(position, length);
                hash.AppendData(chunk.Span);
                var last = final && position + length == bytes.Length;
                var response = new ExportLdifResponse { Chunk = ByteString.CopyFrom(chunk.Span), Offset = offset, Last = last };
                if (last)
                {
                    response.FileSha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                    response.EntryCount = entries;
                }

                await write(response);
                offset += length;
                position += length;
            }

            buffer.Write(bytes, position, bytes.Length - position);
            if (final && bytes.Length == 0)
            {
                await write(new ExportLdifResponse { Offset = offset, Last = true, FileSha256 = Convert.ToHexStringLower(hash.GetHashAndReset()), EntryCount = entries });
            }
        }

        await using (var writer = new LdifWriter(buffer, leaveOpen: true))
        {
            await writer.WriteVersionAsync(cancellationToken);
            await foreach (var (_, kind, country, der) in _certificates.ExportAsync(countries, kinds, cancellationToken))
            {
                var parts = X509CertificateParts.Decode(der);
                var subject = ContractMapping.NameOf(parts.Subject);
                var serial = Convert.ToHexStringLower(parts.SerialNumber.Span);
                var dn = $"cn={Escape(subject)}+sn={serial},o={Branch(kind)},c={CountryRdn(country)},{Base}";
                await writer.WriteEntryAsync(Entry(dn,
                [
                    LdifAttribute.Create("sn", serial),
                    LdifAttribute.Create("cn", subject),
                    LdifAttribute.Create(LdifEntry.UserCertificateAttribute, der),
                    LdifAttribute.Create("objectClass", "inetOrgPerson"),
                    LdifAttribute.Create("objectClass", "pkdDownload"),
                    LdifAttribute.Create("objectClass", "organizationalPerson"),
                    LdifAttribute.Create("objectClass", "top"),
                    LdifAttribute.Create("objectClass", "person"),
                ]), cancellationToken);
                entries++;
                await DrainAsync(false);
            }

            if (request.IncludeCrls)
            {
                foreach (var crl in await _crls.GetCurrentAsync(countries, null, null, cancellationToken))
                {
                    var dn = $"cn={Escape(crl.Issuer)},o=crl,c={CountryRdn(crl.Country)},{Base}";
                    await writer.WriteEntryAsync(Entry(dn,
                    [
                        LdifAttribute.Create("cn", crl.Issuer),
                        LdifAttribute.Create(LdifEntry.CrlAttribute, crl.Der),
                        LdifAttribute.Create("objectClass", "top"),
                        LdifAttribute.Create("objectClass", "cRLDistributionPoint"),
                        LdifAttribute.Create("objectClass", "pkdDownload"),
                    ]), cancellationToken);
                    entries++;
                    await DrainAsync(false);
                }
            }

            if (request.IncludeMasterLists)
            {
                var masterListSources = _catalog.All.Where(s => s.Options.Type == PkdSourceType.MasterList).Select(s => s.Id).ToList();
                foreach (var key in await _artifacts.ListArtifactObjectKeysAsync(masterListSources, cancellationToken))
                {
                    var content = await _objects.GetAsync(ObjectKey.Parse(key), cancellationToken);
                    var signer = SignedListVerifier.VerifyMasterList(content).SignerCertificate;
                    var country = signer is null ? string.Empty : ContractMapping.CountryOf(signer.Subject);
                    if (countries.Count > 0 && !countries.Contains(country, StringComparer.Ordinal))
                    {
                        continue;
                    }

                    var name = signer is null ? key : ContractMapping.NameOf(signer.Subject);
                    var dn = $"cn={Escape(name)},o=ml,c={CountryRdn(country)},{Base}";
                    await writer.WriteEntryAsync(Entry(dn,
                    [
                        LdifAttribute.Create("cn", name),
                        LdifAttribute.Create("objectClass", "top"),
                        LdifAttribute.Create("objectClass", "person"),
                        LdifAttribute.Create("objectClass", "pkdMasterList"),
                        LdifAttribute.Create("objectClass", "pkdDownload"),
                        new LdifAttribute(LdifEntry.MasterListAttribute, content, isBase64: true),
                    ]), cancellationToken);
                    entries++;
                    await DrainAsync(false);
                }
            }

            await writer.FlushAsync(cancellationToken);
        }

        await DrainAsync(true);
    }

    private static LdifEntry Entry(string dn, IReadOnlyList<LdifAttribute> attributes) =>
        new(dn, attributes, dnIsBase64: !LdifAttribute.IsSafeString(Encoding.UTF8.GetBytes(dn)));

    private static string Branch(CertificateKind kind) => kind switch
    {
        CertificateKind.Csca => "csca",
        CertificateKind.Link => "lc",
        CertificateKind.MasterListSigner => "mls",
        _ => "dsc",
    };

    private static string CountryRdn(string country) => country.Length == 2 ? country : "XX";

    /// <summary>RFC 4514 escaping of a value that is itself a DN (as the PKD writes <c>cn=CN\=...\,C\=XX</c>).</summary>
    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (c is ',' or '=' or '+' or '"' or '\\' or '<' or '>' or ';')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
