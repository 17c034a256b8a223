using System.Formats.Asn1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.X509;

/// <summary>
/// The single rule deciding whether a certificate may act in a <see cref="CertificateRole"/>: a signature counts only
/// when the certificate that made it is allowed to make it. Every verifier of the suite (EF.SOD, Master Lists, Deviation
/// Lists, DTCs, seals, CRLs, issuers on a certification path) asks this rule and nothing else.
/// <list type="table">
/// <item><term>signer roles</term><description>
/// DSC, MLS, DLS, DTC Signer, seal signer (Part 12 §7.1.1 Table 6; RFC 5280 §4.2.1.3/§4.2.1.9/§4.2.1.12): not a CA
/// (basicConstraints cA FALSE or absent), keyUsage digitalSignature without keyCertSign or cRLSign, and no
/// extendedKeyUsage naming another ICAO role. MLS and DLS must carry their own EKU. A DSC whose Document Type List
/// holds only DTC types is a DTC Signer, and the reverse. A seal signer carries the VDS-NC EKU or no Document Type List.
/// </description></item>
/// <item><term>CSCA, link</term><description>keyUsage keyCertSign (RFC 5280 §6.1.4 (n)); basicConstraints cA (§6.1.4 (k)).</description></item>
/// <item><term>CRL issuer</term><description>keyUsage cRLSign (RFC 5280 §6.3.3 (f)).</description></item>
/// </list>
/// Real-world deviations that stay allowed, each with its own reason: a signer without keyUsage (RFC 5280: unrestricted;
/// old test DSCs), a CSCA whose basicConstraints says cA FALSE or is absent while keyUsage grants keyCertSign (several
/// States' CSCAs in public Master Lists), a CA or CRL issuer without keyUsage.
/// </summary>
public static class CertificateRoleRule
{
    /// <summary>Allowed, nothing to remark.</summary>
    public const string Allowed = "role.ok";

    /// <summary>A signer role was asked of a CA certificate (basicConstraints cA TRUE).</summary>
    public const string CaCertificate = "role.ca-certificate";

    /// <summary>A signer role was asked of a certificate whose keyUsage grants keyCertSign or cRLSign.</summary>
    public const string KeyUsageCertificateSigning = "role.key-usage-certificate-signing";

    /// <summary>A signer role was asked of a certificate whose keyUsage lacks digitalSignature.</summary>
    public const string KeyUsageNoDigitalSignature = "role.key-usage-no-digital-signature";

    /// <summary>Deviation (allowed): the certificate has no keyUsage extension.</summary>
    public const string KeyUsageAbsent = "role.key-usage-absent";

    /// <summary>The extendedKeyUsage restricts the key to another ICAO role.</summary>
    public const string ExtendedKeyUsageOtherRole = "role.eku-other-role";

    /// <summary>The role requires an extendedKeyUsage the certificate does not carry.</summary>
    public const string ExtendedKeyUsageMissing = "role.eku-missing";

    /// <summary>The extendedKeyUsage (or Document Type List) extension cannot be decoded.</summary>
    public const string ExtensionMalformed = "role.extension-malformed";

    /// <summary>The Document Type List names documents of another role (DTC types for a DSC, eMRTD types for a DTC Signer).</summary>
    public const string DocumentTypeOtherRole = "role.document-type-other-role";

    /// <summary>An issuer role was asked of a certificate whose keyUsage lacks keyCertSign.</summary>
    public const string KeyUsageNoCertificateSigning = "role.key-usage-no-cert-sign";

    /// <summary>The CRL issuer role was asked of a certificate whose keyUsage lacks cRLSign.</summary>
    public const string KeyUsageNoCrlSigning = "role.key-usage-no-crl-sign";

    /// <summary>Deviation (allowed): an issuer whose basicConstraints is absent or says cA FALSE while keyUsage grants keyCertSign.</summary>
    public const string CaFlagAbsent = "role.ca-flag-absent";

    /// <summary>The role is <see cref="CertificateRole.Unspecified"/> or unknown.</summary>
    public const string UnknownRole = "role.unknown";

    /// <summary>id-icao-cscaMasterListSigningKey (Doc 9303 Part 12 §7.1.1).</summary>
    public const string MasterListSignerEku = "2.23.136.1.1.3";

    /// <summary>id-icao-deviationListSigningKey (Doc 9303 Part 12 §7.1.1).</summary>
    public const string DeviationListSignerEku = "2.23.136.1.1.8";

    /// <summary>Health CSCA EKU of the VDS-NC technical report (a CSCA restricted to health proofs).</summary>
    public const string HealthCscaEku = "2.23.136.1.1.14.1";

    /// <summary>Barcode signer EKU of the VDS-NC technical report.</summary>
    public const string SealSignerEku = "2.23.136.1.1.14.2";

    // keyUsage as X509CertificateParts.KeyUsage holds it: first BIT STRING byte << 8 | second byte (RFC 5280 §4.2.1.3).
    private const int DigitalSignatureBit = 0x8000;
    private const int KeyCertSignBit = 0x0400;
    private const int CrlSignBit = 0x0200;

    /// <summary>Decides whether <paramref name="certificate"/> may act in <paramref name="role"/>.</summary>
    public static CertificateRoleDecision Check(X509CertificateParts certificate, CertificateRole role)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return role switch
        {
            CertificateRole.DocumentSigner or CertificateRole.MasterListSigner or CertificateRole.DeviationListSigner
                or CertificateRole.DtcSigner or CertificateRole.SealSigner => CheckSigner(certificate, role),
            CertificateRole.Csca or CertificateRole.Link => CheckIssuer(certificate, role),
            CertificateRole.CrlIssuer => CheckCrlIssuer(certificate),
            _ => new(false, UnknownRole, $"Role {role} is not a role of the Doc 9303 PKI."),
        };
    }

    /// <summary>
    /// True when a Document Type List holds only DTC types: this suite's DTC Signer marker (its DTC Signers carry "V",
    /// docs/dtc.md), shared with <see cref="CertificateProfileLinter.DetectProfile"/>.
    /// </summary>
    internal static bool IsDtcTypeList(DocumentTypeList list) => IsDtcTypeList(list.DocumentTypes);

    /// <summary>The same marker over plain document types (used by issuance, so that no DSC is issued that this rule refuses).</summary>
    internal static bool IsDtcTypeList(IReadOnlyCollection<string> documentTypes) =>
        documentTypes.Count > 0 && documentTypes.All(t => t.StartsWith('V'));

    private static CertificateRoleDecision CheckSigner(X509CertificateParts certificate, CertificateRole role)
    {
        var name = RoleName(role);

        // Part 12 §7.1.1 Table 6: signer certificates carry no basicConstraints cA; RFC 5280 §4.2.1.9.
        if (certificate.IsCertificateAuthority)
        {
            return new(false, CaCertificate, $"A CA certificate (basicConstraints cA TRUE) cannot act as {name}.");
        }

        HashSet<string>? ekus;
        DocumentTypeList? types;
        try
        {
            ekus = ReadExtendedKeyUsage(certificate);
            types = ReadDocumentTypes(certificate);
        }
        catch (Icao9303FormatException ex)
        {
            return new(false, ExtensionMalformed, ex.Message);
        }

        // Part 12 §7.1.1 Table 6: a signer's keyUsage is digitalSignature only; keyCertSign/cRLSign belong to the CSCA.
        var deviation = false;
        if (certificate.KeyUsage is { } ku)
        {
            if ((ku & (KeyCertSignBit | CrlSignBit)) != 0)
            {
                return new(false, KeyUsageCertificateSigning, $"keyUsage grants keyCertSign or cRLSign: a CA key cannot act as {name}.");
            }

            if ((ku & DigitalSignatureBit) == 0)
            {
                return new(false, KeyUsageNoDigitalSignature, $"keyUsage lacks digitalSignature: the key may not sign as {name}.");
            }
        }
        else
        {
            deviation = true;
        }

        // The EKU the role requires, and the ICAO role EKUs it must not carry (RFC 5280 §4.2.1.12: the key is restricted
        // to the purposes listed).
        var own = role switch
        {
            CertificateRole.MasterListSigner => MasterListSignerEku,
            CertificateRole.DeviationListSigner => DeviationListSignerEku,
            CertificateRole.SealSigner => SealSignerEku,
            _ => null,
        };
        if (role is CertificateRole.MasterListSigner or CertificateRole.DeviationListSigner && (ekus is null || !ekus.Contains(own!)))
        {
            return new(false, ExtendedKeyUsageMissing, $"{name} requires extendedKeyUsage {own}.");
        }

        if (ekus is not null)
        {
            foreach (var other in (string[])[MasterListSignerEku, DeviationListSignerEku, SealSignerEku, HealthCscaEku])
            {
                if (other != own && ekus.Contains(other)
                    && !(role is CertificateRole.MasterListSigner or CertificateRole.DeviationListSigner && other is MasterListSignerEku or DeviationListSignerEku))
                {
                    return new(false, ExtendedKeyUsageOtherRole, $"extendedKeyUsage {other} restricts the key to {EkuRoleName(other)}, not {name}.");
                }
            }
        }

        switch (role)
        {
            case CertificateRole.DocumentSigner when types is not null && IsDtcTypeList(types):
                return new(false, DocumentTypeOtherRole, $"The Document Type List ({string.Join(',', types.DocumentTypes)}) names DTC types: a DTC Signer, not a Document Signer.");
            case CertificateRole.DtcSigner when types is not null && !IsDtcTypeList(types):
                return new(false, DocumentTypeOtherRole, $"The Document Type List ({string.Join(',', types.DocumentTypes)}) names eMRTD types: a Document Signer, not a DTC Signer.");
            case CertificateRole.SealSigner when (ekus is null || !ekus.Contains(SealSignerEku)) && types is not null:
                return new(false, DocumentTypeOtherRole, $"A Document Type List ({string.Join(',', types.DocumentTypes)}) without the barcode signer EKU {SealSignerEku} marks a Document or DTC Signer, not a seal signer.");
        }

        return deviation
            ? new(true, KeyUsageAbsent, $"No keyUsage extension (Doc 9303 requires digitalSignature); accepted as {name}.")
            : new(true, Allowed, $"Allowed as {name}.");
    }

    private static CertificateRoleDecision CheckIssuer(X509CertificateParts certificate, CertificateRole role)
    {
        var name = RoleName(role);

        // RFC 5280 §6.1.4 (n): a key that signs certificates must have keyCertSign when keyUsage is present.
        if (certificate.KeyUsage is { } ku && (ku & KeyCertSignBit) == 0)
        {
            return new(false, KeyUsageNoCertificateSigning, $"keyUsage lacks keyCertSign: the key may not issue certificates as {name}.");
        }

        // RFC 5280 §6.1.4 (k) wants cA TRUE; real CSCAs (TR, IT, LU in public Master Lists) say FALSE with keyCertSign.
        if (!certificate.IsCertificateAuthority)
        {
            return new(true, CaFlagAbsent, $"basicConstraints does not say cA TRUE (Doc 9303 Part 12 Table 6 requires it); keyUsage keyCertSign accepted as {name}.");
        }

        return certificate.KeyUsage is null
            ? new(true, KeyUsageAbsent, $"No keyUsage extension (Doc 9303 requires keyCertSign, cRLSign); accepted as {name}.")
            : new(true, Allowed, $"Allowed as {name}.");
    }

    private static CertificateRoleDecision CheckCrlIssuer(X509CertificateParts certificate)
    {
        // RFC 5280 §6.3.3 (f): the CRL issuer's keyUsage, when present, must assert cRLSign.
        if (certificate.KeyUsage is not { } ku)
        {
            return new(true, KeyUsageAbsent, "No keyUsage extension (Doc 9303 requires cRLSign); accepted as CRL issuer.");
        }

        return (ku & CrlSignBit) == 0
            ? new(false, KeyUsageNoCrlSigning, "keyUsage lacks cRLSign: the key may not sign CRLs.")
            : new(true, Allowed, "Allowed as CRL issuer.");
    }

    /// <summary>
    /// True when the certificate's extendedKeyUsage names the barcode (seal) signer EKU <see cref="SealSignerEku"/>: what a
    /// store files it as. Whether it may sign a seal is still <see cref="Check"/>'s decision. A malformed EKU is false.
    /// </summary>
    public static bool NamesSealSignerEku(X509CertificateParts certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            return ReadExtendedKeyUsage(certificate)?.Contains(SealSignerEku) == true;
        }
        catch (Icao9303FormatException)
        {
            return false;
        }
    }

    private static HashSet<string>? ReadExtendedKeyUsage(X509CertificateParts certificate)
    {
        foreach (var (oid, _, value) in certificate.Extensions)
        {
            if (oid != Oids.ExtendedKeyUsage)
            {
                continue;
            }

            try
            {
                var result = new HashSet<string>(StringComparer.Ordinal);
                var outer = new AsnReader(value, AsnEncodingRules.DER);
                var sequence = outer.ReadSequence();
                outer.ThrowIfNotEmpty();
                while (sequence.HasData)
                {
                    if (result.Count >= 32)
                    {
                        throw new Icao9303FormatException(ExtensionMalformed, "extendedKeyUsage lists more than 32 purposes.");
                    }

                    result.Add(sequence.ReadObjectIdentifier());
                }

                return result;
            }
            catch (AsnContentException ex)
            {
                throw new Icao9303FormatException(ExtensionMalformed, "extendedKeyUsage cannot be decoded.", ex);
            }
        }

        return null;
    }

    private static DocumentTypeList? ReadDocumentTypes(X509CertificateParts certificate)
    {
        foreach (var (oid, _, value) in certificate.Extensions)
        {
            if (oid == DocumentTypeList.Oid)
            {
                return DocumentTypeList.Decode(value);
            }
        }

        return null;
    }

    private static string RoleName(CertificateRole role) => role switch
    {
        CertificateRole.DocumentSigner => "Document Signer",
        CertificateRole.Csca => "CSCA",
        CertificateRole.Link => "link certificate",
        CertificateRole.MasterListSigner => "Master List Signer",
        CertificateRole.DeviationListSigner => "Deviation List Signer",
        CertificateRole.DtcSigner => "DTC Signer",
        CertificateRole.SealSigner => "seal signer",
        CertificateRole.CrlIssuer => "CRL issuer",
        _ => role.ToString(),
    };

    private static string EkuRoleName(string eku) => eku switch
    {
        MasterListSignerEku => "Master List signing",
        DeviationListSignerEku => "Deviation List signing",
        SealSignerEku => "barcode (seal) signing",
        HealthCscaEku => "a Health CSCA",
        _ => eku,
    };
}
