using Credentials.Contracts.Common.V1;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.TrustAnchor.Application;
using Credentials.TrustAnchor.Options;

namespace Credentials.TrustAnchor.Grpc;

/// <summary>Validates every request before it reaches a use case (InvalidArgument with a reason and the field).</summary>
internal static class TrustAnchorRequestValidation
{
    private const int MaxRequestIdLength = 128;
    private const int MaxSourceLength = 512;
    private const int MaxMrzLength = 200;
    private const int MaxIntermediates = 16;

    /// <summary>VerifySeal: a seal of at most 16 KiB (<see cref="Icao9303.Vds.VdsNcSeal.MaxEncodedLength"/>), at most 16 signer certificates of at most 16 KiB.</summary>
    public static void Validate(VerifySealRequest request)
    {
        const int maxCertificateBytes = 16 * 1024;
        if (request.Seal.IsEmpty == request.BarcodeImage.IsEmpty)
        {
            throw TrustAnchorErrors.Invalid("FIELD_REQUIRED", "Exactly one of seal and barcode_image is required.");
        }

        if (request.BarcodeImage.Length > Barcodes.SealBarcode.MaxImageBytes)
        {
            throw TrustAnchorErrors.Invalid("PAYLOAD_TOO_LARGE", $"barcode_image is larger than {Barcodes.SealBarcode.MaxImageBytes} bytes.");
        }

        if (request.Seal.Length > Icao9303.Vds.VdsNcSeal.MaxEncodedLength)
        {
            throw TrustAnchorErrors.Invalid("PAYLOAD_TOO_LARGE", $"seal is larger than {Icao9303.Vds.VdsNcSeal.MaxEncodedLength} bytes.");
        }

        if (request.SignerCertificates.Count > MaxIntermediates)
        {
            throw TrustAnchorErrors.FieldInvalid("signer_certificates", $"at most {MaxIntermediates} certificates.");
        }

        foreach (var certificate in request.SignerCertificates)
        {
            if (certificate.IsEmpty || certificate.Length > maxCertificateBytes)
            {
                throw TrustAnchorErrors.FieldInvalid("signer_certificates", $"each certificate must be 1..{maxCertificateBytes} bytes.");
            }
        }
    }

    public static void Validate(VerifyDocumentRequest request, TrustAnchorOptions options)
    {
        if (request.SecurityObject.IsEmpty)
        {
            throw TrustAnchorErrors.FieldRequired("security_object");
        }

        if (request.SecurityObject.Length > options.MaxSecurityObjectBytes)
        {
            throw TrustAnchorErrors.Invalid("PAYLOAD_TOO_LARGE", $"security_object is larger than {options.MaxSecurityObjectBytes} bytes.");
        }

        Span<bool> seen = stackalloc bool[17];
        foreach (var group in request.DataGroups)
        {
            if (group.Number is < 1 or > 16)
            {
                throw TrustAnchorErrors.Invalid("DATA_GROUP_NUMBER_INVALID", $"data_groups: number {group.Number} is outside 1..16.");
            }

            if (seen[group.Number])
            {
                throw TrustAnchorErrors.Invalid("DATA_GROUP_DUPLICATE", $"data_groups: DG{group.Number} is given twice.");
            }

            seen[group.Number] = true;
            if (group.Content.IsEmpty)
            {
                throw TrustAnchorErrors.FieldRequired($"data_groups[DG{group.Number}].content");
            }

            if (group.Content.Length > options.MaxDataGroupBytes)
            {
                throw TrustAnchorErrors.Invalid("PAYLOAD_TOO_LARGE", $"data_groups: DG{group.Number} is larger than {options.MaxDataGroupBytes} bytes.");
            }
        }

        if (request.PrintedMrz.Length > MaxMrzLength)
        {
            throw TrustAnchorErrors.FieldInvalid("printed_mrz", $"longer than {MaxMrzLength} characters.");
        }

        if (request.ActiveAuthentication is { } aa)
        {
            if (aa.Challenge.IsEmpty != aa.Signature.IsEmpty)
            {
                throw TrustAnchorErrors.FieldInvalid("active_authentication", "challenge and signature go together.");
            }

            if (aa.Challenge.Length > 64 || aa.Signature.Length > 1024)
            {
                throw TrustAnchorErrors.FieldInvalid("active_authentication", "challenge (at most 64 bytes) or signature (at most 1024 bytes) too long.");
            }
        }

        Timestamp(request.ValidationTime, "validation_time");
    }

    public static void Validate(VerifyCertificateRequest request, TrustAnchorOptions options)
    {
        if (request.Certificate.IsEmpty)
        {
            throw TrustAnchorErrors.FieldRequired("certificate");
        }

        if (request.Certificate.Length > options.MaxSecurityObjectBytes)
        {
            throw TrustAnchorErrors.Invalid("PAYLOAD_TOO_LARGE", $"certificate is larger than {options.MaxSecurityObjectBytes} bytes.");
        }

        if (request.IntermediateCertificates.Count > MaxIntermediates || request.IntermediateCertificates.Any(c => c.IsEmpty || c.Length > options.MaxSecurityObjectBytes))
        {
            throw TrustAnchorErrors.FieldInvalid("intermediate_certificates", $"at most {MaxIntermediates} non-empty certificates of at most {options.MaxSecurityObjectBytes} bytes.");
        }

        Timestamp(request.ValidationTime, "validation_time");
    }

    public static void Validate(ImportTrustMaterialRequest request, TrustAnchorOptions options)
    {
        if (string.IsNullOrWhiteSpace(request.RequestId))
        {
            throw TrustAnchorErrors.Invalid("REQUEST_ID_MISSING", "request_id is required.");
        }

        if (request.RequestId.Length > MaxRequestIdLength)
        {
            throw TrustAnchorErrors.FieldInvalid("request_id", $"longer than {MaxRequestIdLength} characters.");
        }

        if (request.Kind == TrustMaterialKind.Unspecified || !Enum.IsDefined(request.Kind))
        {
            throw TrustAnchorErrors.FieldRequired("kind");
        }

        if (request.Content.IsEmpty)
        {
            throw TrustAnchorErrors.FieldRequired("content");
        }

        if (request.Content.Length > options.MaxImportBytes)
        {
            throw TrustAnchorErrors.Invalid("PAYLOAD_TOO_LARGE", $"content is larger than {options.MaxImportBytes} bytes.");
        }

        if (string.IsNullOrWhiteSpace(request.Source))
        {
            throw TrustAnchorErrors.FieldRequired("source");
        }

        if (request.Source.Length > MaxSourceLength)
        {
            throw TrustAnchorErrors.FieldInvalid("source", $"longer than {MaxSourceLength} characters.");
        }
    }

    public static void Validate(ListTrustAnchorsRequest request)
    {
        if (request.Page is { PageSize: < 0 })
        {
            throw TrustAnchorErrors.Invalid("PAGE_SIZE_INVALID", "page_size must not be negative.");
        }

        if (request.Country.Length != 0 && (request.Country.Length != 2 || !request.Country.All(char.IsAsciiLetterUpper)))
        {
            throw TrustAnchorErrors.FieldInvalid("country", "must be an upper-case ISO 3166-1 alpha-2 code.");
        }

        if (request.Kind is not (CertificateKind.Unspecified or CertificateKind.Csca or CertificateKind.Link))
        {
            throw TrustAnchorErrors.FieldInvalid("kind", "must be CSCA, LINK or unspecified.");
        }

        if (request.FingerprintSha256.Length != 0 && (request.FingerprintSha256.Length != 64 || !request.FingerprintSha256.All(char.IsAsciiHexDigitLower)))
        {
            throw TrustAnchorErrors.FieldInvalid("fingerprint_sha256", "must be 64 lowercase hex digits.");
        }
    }

    public static void Validate(RemoveTrustAnchorRequest request)
    {
        if (request.RequestId.Length == 0)
        {
            throw TrustAnchorErrors.FieldRequired("request_id");
        }

        if (request.RequestId.Length > MaxRequestIdLength)
        {
            throw TrustAnchorErrors.FieldInvalid("request_id", $"longer than {MaxRequestIdLength} characters.");
        }

        if (request.FingerprintSha256.Length != 64 || !request.FingerprintSha256.All(char.IsAsciiHexDigitLower))
        {
            throw TrustAnchorErrors.FieldInvalid("fingerprint_sha256", "must be 64 lowercase hex digits.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw TrustAnchorErrors.FieldRequired("reason");
        }

        if (request.Reason.Length > MaxSourceLength)
        {
            throw TrustAnchorErrors.FieldInvalid("reason", $"longer than {MaxSourceLength} characters.");
        }
    }

    private static void Timestamp(Google.Protobuf.WellKnownTypes.Timestamp? value, string field)
    {
        if (value is not null && (value.Seconds < -62135596800 || value.Seconds > 253402300799 || value.Nanos is < 0 or > 999_999_999))
        {
            throw TrustAnchorErrors.FieldInvalid(field, "is not a valid timestamp.");
        }
    }
}
