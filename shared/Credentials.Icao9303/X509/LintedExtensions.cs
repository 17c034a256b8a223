using System.Formats.Asn1;
using Credentials.Icao9303.Crypto;

namespace Credentials.Icao9303.X509;

/// <summary>The extensions the profile rules look at, decoded once (RFC 5280 §4.2; Doc 9303 Part 12 §7.1.1 and §7.1.3).</summary>
internal sealed class LintedExtensions
{
    /// <summary>KeyUsage digitalSignature (bit 0).</summary>
    public const int DigitalSignature = 0x80;

    /// <summary>KeyUsage keyCertSign (bit 5).</summary>
    public const int KeyCertSign = 0x04;

    /// <summary>KeyUsage cRLSign (bit 6).</summary>
    public const int CrlSign = 0x02;

    public int? KeyUsageBits { get; private set; }

    public bool KeyUsageCritical { get; private set; }

    public bool HasBasicConstraints { get; private set; }

    public bool IsCa { get; private set; }

    public bool BasicConstraintsCritical { get; private set; }

    public int? PathLength { get; private set; }

    public HashSet<string> Eku { get; } = new(StringComparer.Ordinal);

    public bool EkuCritical { get; private set; }

    public bool HasAki { get; private set; }

    public bool HasPrivateKeyUsagePeriod { get; private set; }

    public bool PrivateKeyUsagePeriodCritical { get; private set; }

    public string? PrivateKeyUsagePeriodError { get; private set; }

    public DocumentTypeList? DocumentTypes { get; private set; }

    public string? DocumentTypeListError { get; private set; }

    public bool HasNameChange { get; private set; }

    public string? Duplicate { get; private set; }

    public static LintedExtensions From(X509CertificateParts certificate)
    {
        var result = new LintedExtensions();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (oid, critical, value) in certificate.Extensions)
        {
            if (!seen.Add(oid))
            {
                result.Duplicate ??= oid;
            }

            try
            {
                result.Read(oid, critical, value);
            }
            catch (AsnContentException)
            {
                result.Duplicate ??= null;
            }
        }

        return result;
    }

    private void Read(string oid, bool critical, ReadOnlyMemory<byte> value)
    {
        switch (oid)
        {
            case Oids.KeyUsage:
                var bits = new AsnReader(value, AsnEncodingRules.BER).ReadBitString(out _);
                KeyUsageBits = bits.Length == 0 ? 0 : bits[0];
                KeyUsageCritical = critical;
                break;
            case Oids.BasicConstraints:
                HasBasicConstraints = true;
                BasicConstraintsCritical = critical;
                var bc = new AsnReader(value, AsnEncodingRules.BER).ReadSequence();
                if (bc.HasData && bc.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
                {
                    IsCa = bc.ReadBoolean();
                }

                if (bc.HasData && bc.TryReadInt32(out var path))
                {
                    PathLength = path;
                }

                break;
            case Oids.ExtendedKeyUsage:
                EkuCritical = critical;
                var eku = new AsnReader(value, AsnEncodingRules.BER).ReadSequence();
                while (eku.HasData)
                {
                    Eku.Add(eku.ReadObjectIdentifier());
                }

                break;
            case Oids.AuthorityKeyIdentifier:
                HasAki = true;
                break;
            case PrivateKeyUsagePeriod.Oid:
                HasPrivateKeyUsagePeriod = true;
                PrivateKeyUsagePeriodCritical = critical;
                try
                {
                    PrivateKeyUsagePeriod.Decode(value);
                }
                catch (Icao9303FormatException ex)
                {
                    PrivateKeyUsagePeriodError = ex.Message;
                }

                break;
            case DocumentTypeList.Oid:
                try
                {
                    DocumentTypes = DocumentTypeList.Decode(value);
                }
                catch (Icao9303FormatException ex)
                {
                    DocumentTypeListError = ex.Message;
                }

                break;
            case CertificateProfileLinter.NameChangeOid:
                HasNameChange = true;
                break;
        }
    }
}
