using Credentials.Icao9303.Cms;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.Lds;

/// <summary>
/// EF.CardSecurity (Doc 9303 Part 11 section 9.2.2, BSI TR-03110): a CMS SignedData, signed by a Document Signer,
/// whose eContent (type id-SecurityObject 0.4.0.127.0.7.3.2.1) is <see cref="SecurityInfos"/>.
/// </summary>
public sealed class EfCardSecurity
{
    private EfCardSecurity(CmsSignedData signedData, SecurityInfos securityInfos)
    {
        SignedData = signedData;
        SecurityInfos = securityInfos;
    }

    /// <summary>The CMS SignedData.</summary>
    public CmsSignedData SignedData { get; }

    /// <summary>The signed SecurityInfos.</summary>
    public SecurityInfos SecurityInfos { get; }

    /// <summary>Decodes EF.CardSecurity.</summary>
    /// <exception cref="Icao9303FormatException">Reasons <c>cms.*</c>, <c>lds.card-security-content-type</c>, <c>lds.security-infos</c>.</exception>
    public static EfCardSecurity Decode(ReadOnlyMemory<byte> file)
    {
        var signedData = CmsSignedData.Decode(file);
        if (signedData.EContentType != Oids.SecurityObject)
        {
            throw new Icao9303FormatException("lds.card-security-content-type", $"eContentType {signedData.EContentType} is not id-SecurityObject.");
        }

        if (signedData.EContent is not { } content)
        {
            throw new Icao9303FormatException("lds.card-security-content-type", "EF.CardSecurity has no eContent.");
        }

        return new EfCardSecurity(signedData, SecurityInfos.Decode(content));
    }

    /// <summary>Verifies the signature with the embedded (or supplied) Document Signer certificate.</summary>
    public CmsSignerVerification Verify(X509CertificateParts? signerCertificate = null) =>
        SignedData.VerifySigner(SignedData.SignerInfos[0], signerCertificate);
}
