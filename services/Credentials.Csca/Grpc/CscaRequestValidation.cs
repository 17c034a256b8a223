using System.Text.RegularExpressions;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Csca.Application;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.Csca.Grpc;

/// <summary>Validates every request before it reaches a use case (InvalidArgument with a reason and the field).</summary>
internal static partial class CscaRequestValidation
{
    /// <summary>X.520 upper bound of organizationName / commonName (ub-organization-name, ub-common-name).</summary>
    private const int MaxNameLength = 64;

    public static void Validate(CreateCscaRequest request)
    {
        RequestId(request.RequestId);
        CscaId(request.CscaId, required: true);
        if (string.IsNullOrEmpty(request.Country))
        {
            throw CscaErrors.FieldRequired("country");
        }

        if (request.Country.Length != 2 || !request.Country.All(char.IsAsciiLetterUpper))
        {
            throw CscaErrors.FieldInvalid("country", "must be an upper-case ISO 3166-1 alpha-2 code.");
        }

        Name(request.Organization, "organization", required: true);
        Name(request.OrganizationalUnit, "organizational_unit", required: false);
        Name(request.CommonName, "common_name", required: true);
        SubjectSerialNumber(request.SubjectSerialNumber);
        KeyAlgorithm(request.KeyAlgorithm, required: true);
        Periods(request.Validity, request.PrivateKeyUsagePeriod);
    }

    public static void Validate(RolloverCscaRequest request)
    {
        RequestId(request.RequestId);
        CscaId(request.CscaId, required: false);
        SubjectSerialNumber(request.SubjectSerialNumber);
        KeyAlgorithm(request.KeyAlgorithm, required: false);
        Periods(request.Validity, request.PrivateKeyUsagePeriod);
    }

    public static void Validate(IssueSignerCertificateRequest request, int maxCsrBytes)
    {
        RequestId(request.RequestId);
        CscaId(request.CscaId, required: false);
        if (request.CsrDer.IsEmpty)
        {
            throw CscaErrors.FieldRequired("csr_der");
        }

        if (request.CsrDer.Length > maxCsrBytes)
        {
            throw CscaErrors.Invalid("PAYLOAD_TOO_LARGE", $"csr_der is larger than {maxCsrBytes} bytes.");
        }

        if (request.SignerKind == SignerKind.Unspecified)
        {
            throw CscaErrors.FieldRequired("signer_kind");
        }

        if (!System.Enum.IsDefined(request.SignerKind))
        {
            throw CscaErrors.FieldInvalid("signer_kind", "unknown value.");
        }

        Periods(request.Validity, request.PrivateKeyUsagePeriod);
        if (request.DocumentTypes.Count > 16)
        {
            throw CscaErrors.Invalid("DOCUMENT_TYPE_INVALID", "at most 16 document types.");
        }

        foreach (var type in request.DocumentTypes)
        {
            if (type is not { Length: 1 or 2 } || !type.All(char.IsAsciiLetterUpper))
            {
                throw CscaErrors.Invalid("DOCUMENT_TYPE_INVALID", "document types are one or two upper-case letters (Doc 9303 Part 12 §7.1.1.3).");
            }
        }

        if (request.SignerKind == SignerKind.DocumentSigner && request.DocumentTypes.Count == 0)
        {
            throw CscaErrors.Invalid("DOCUMENT_TYPE_INVALID", "document_types is required for DOCUMENT_SIGNER.");
        }
    }

    public static void Validate(RevokeCertificateRequest request)
    {
        RequestId(request.RequestId);
        switch (request.TargetCase)
        {
            case RevokeCertificateRequest.TargetOneofCase.SerialNumber:
                Hex(request.SerialNumber, "serial_number", 2, 42);
                break;
            case RevokeCertificateRequest.TargetOneofCase.FingerprintSha256:
                Hex(request.FingerprintSha256, "fingerprint_sha256", 64, 64);
                break;
            default:
                throw CscaErrors.FieldRequired("serial_number or fingerprint_sha256");
        }

        if (!System.Enum.IsDefined(request.Reason))
        {
            throw CscaErrors.FieldInvalid("reason", "unknown value.");
        }
    }

    public static void Validate(PublishCrlRequest request)
    {
        RequestId(request.RequestId);
        CscaId(request.CscaId, required: false);
        if (request.NextUpdateIn is { } next && (next.ToTimeSpan() <= TimeSpan.Zero || next.ToTimeSpan() > TimeSpan.FromDays(90)))
        {
            throw CscaErrors.Invalid("VALIDITY_PERIOD_INVALID", "next_update_in must be positive and at most 90 days (Doc 9303 Part 12).");
        }
    }

    public static void Validate(GetCrlRequest request)
    {
        CscaId(request.CscaId, required: false);
        if (request.Generation < 0)
        {
            throw CscaErrors.FieldInvalid("generation", "must not be negative.");
        }

        if (!string.IsNullOrEmpty(request.CrlNumber))
        {
            Hex(request.CrlNumber, "crl_number", 1, 16);
        }
    }

    public static void Validate(ListCertificatesRequest request)
    {
        CscaId(request.CscaId, required: false);
        if (!string.IsNullOrEmpty(request.FingerprintSha256))
        {
            Hex(request.FingerprintSha256, "fingerprint_sha256", 64, 64);
        }

        if (!string.IsNullOrEmpty(request.SerialNumber))
        {
            Hex(request.SerialNumber, "serial_number", 2, 42);
        }

        if (request.Page is { PageToken.Length: > 512 })
        {
            throw CscaErrors.Invalid("PAGE_TOKEN_INVALID", "page_token is too long.");
        }
    }

    public static void Validate(SignMasterListRequest request)
    {
        RequestId(request.RequestId);
        CscaId(request.CscaId, required: false);
        if (!string.IsNullOrEmpty(request.SignerCertificateFingerprintSha256))
        {
            Hex(request.SignerCertificateFingerprintSha256, "signer_certificate_fingerprint_sha256", 64, 64);
        }

        if (request.AdditionalCertificates.Count > 1000)
        {
            throw CscaErrors.Invalid("PAYLOAD_TOO_LARGE", "at most 1000 additional certificates.");
        }

        if (request.AdditionalCertificates.Any(c => c.IsEmpty || c.Length > 64 * 1024))
        {
            throw CscaErrors.FieldInvalid("additional_certificates", "each certificate is 1 byte to 64 KiB of DER.");
        }
    }

    private static void RequestId(string requestId)
    {
        if (string.IsNullOrEmpty(requestId))
        {
            throw CscaErrors.Invalid("REQUEST_ID_MISSING", "request_id is required.");
        }

        if (requestId.Length > 128 || requestId.Any(char.IsControl))
        {
            throw CscaErrors.FieldInvalid("request_id", "at most 128 printable characters.");
        }
    }

    private static void CscaId(string cscaId, bool required)
    {
        if (string.IsNullOrEmpty(cscaId))
        {
            if (required)
            {
                throw CscaErrors.FieldRequired("csca_id");
            }

            return;
        }

        if (!CscaIdPattern().IsMatch(cscaId))
        {
            throw CscaErrors.FieldInvalid("csca_id", "1-64 characters [a-z0-9-].");
        }
    }

    private static void Name(string value, string field, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                throw CscaErrors.FieldRequired(field);
            }

            return;
        }

        if (value.Length > MaxNameLength || value.Any(char.IsControl) || value.Trim() != value)
        {
            throw CscaErrors.FieldInvalid(field, $"at most {MaxNameLength} characters, no control characters or surrounding spaces.");
        }
    }

    private static void SubjectSerialNumber(string value)
    {
        if (!string.IsNullOrEmpty(value) && (value.Length > 64 || !PrintableString().IsMatch(value)))
        {
            throw CscaErrors.FieldInvalid("subject_serial_number", "at most 64 PrintableString characters.");
        }
    }

    private static void KeyAlgorithm(KeyAlgorithm algorithm, bool required)
    {
        if (algorithm == Credentials.Contracts.Common.V1.KeyAlgorithm.Unspecified)
        {
            if (required)
            {
                throw CscaErrors.FieldRequired("key_algorithm");
            }

            return;
        }

        if (!System.Enum.IsDefined(algorithm))
        {
            throw CscaErrors.Invalid("KEY_ALGORITHM_NOT_ALLOWED", $"key_algorithm {algorithm} is not supported.");
        }
    }

    private static void Periods(Duration? validity, Duration? keyUsage)
    {
        var validitySpan = validity?.ToTimeSpan();
        var keyUsageSpan = keyUsage?.ToTimeSpan();
        if (validitySpan is { } v && (v <= TimeSpan.Zero || v > TimeSpan.FromDays(40 * 366)))
        {
            throw CscaErrors.Invalid("VALIDITY_PERIOD_INVALID", "validity must be positive and at most 40 years.");
        }

        if (keyUsageSpan is { } k && k <= TimeSpan.Zero)
        {
            throw CscaErrors.Invalid("VALIDITY_PERIOD_INVALID", "private_key_usage_period must be positive.");
        }

        if (validitySpan is { } bothV && keyUsageSpan is { } bothK && bothK > bothV)
        {
            throw CscaErrors.Invalid("VALIDITY_PERIOD_INVALID", "private_key_usage_period must not exceed validity.");
        }
    }

    private static void Hex(string value, string field, int minLength, int maxLength)
    {
        if (value.Length < minLength || value.Length > maxLength || value.Length % 2 != 0 || !value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw CscaErrors.FieldInvalid(field, $"lowercase hex of {minLength / 2}-{maxLength / 2} bytes.");
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex CscaIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9 '()+,\-./:=?]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PrintableString();
}
