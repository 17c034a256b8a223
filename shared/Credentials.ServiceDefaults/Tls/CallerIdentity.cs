using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Credentials.ServiceDefaults.Tls;

/// <summary>
/// Who is calling: the SPIFFE URI SAN of the verified client certificate, e.g. <c>spiffe://credentials/document-signer</c>.
/// </summary>
public sealed record CallerIdentity(string SpiffeId)
{
    /// <summary>The trust domain every identity of this suite lives in.</summary>
    public const string TrustDomainPrefix = "spiffe://credentials/";

    /// <summary>The short name after the trust domain (e.g. <c>document-signer</c>, <c>admin</c>).</summary>
    public string Name => SpiffeId.StartsWith(TrustDomainPrefix, StringComparison.Ordinal)
        ? SpiffeId[TrustDomainPrefix.Length..]
        : SpiffeId;

    /// <summary>Reads the first <c>spiffe://</c> URI SAN of a certificate; null when there is none.</summary>
    public static CallerIdentity? FromCertificate(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return null;
        }

        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != "2.5.29.17")
            {
                continue;
            }

            try
            {
                var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
                var names = reader.ReadSequence();
                while (names.HasData)
                {
                    var tag = names.PeekTag();
                    // GeneralName uniformResourceIdentifier [6] IA5String (RFC 5280 section 4.2.1.6)
                    if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 6)
                    {
                        var uri = names.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6));
                        if (uri.StartsWith("spiffe://", StringComparison.Ordinal))
                        {
                            return new CallerIdentity(uri);
                        }
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException)
            {
                return null;
            }
        }

        return null;
    }
}
