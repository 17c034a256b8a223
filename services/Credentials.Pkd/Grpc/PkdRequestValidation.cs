using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Pkd.V1;
using Credentials.Pkd.Application;
using Credentials.Pkd.Options;
using Google.Protobuf.Collections;

namespace Credentials.Pkd.Grpc;

/// <summary>Validates every request before it reaches a use case (InvalidArgument with a reason and the field).</summary>
internal static class PkdRequestValidation
{
    private const int MaxRequestIdLength = 128;
    private const int MaxFilterValues = 300;

    public static void Validate(SyncNowRequest request)
    {
        if (string.IsNullOrEmpty(request.RequestId))
        {
            throw PkdErrors.FieldRequired("request_id");
        }

        if (request.RequestId.Length > MaxRequestIdLength || request.RequestId.Any(char.IsControl))
        {
            throw PkdErrors.FieldInvalid("request_id", $"at most {MaxRequestIdLength} printable characters.");
        }

        SourceIds(request.SourceIds, "source_ids");
    }

    public static void Validate(GetSyncStatusRequest request) => SourceIds(request.SourceIds, "source_ids");

    public static void Validate(ListCertificatesRequest request)
    {
        if (request.Page is { PageSize: < 0 })
        {
            throw PkdErrors.Invalid("PAGE_SIZE_INVALID", "page_size must not be negative.");
        }

        Countries(request.Countries, "countries");
        Kinds(request.Kinds, "kinds");
        if (!string.IsNullOrEmpty(request.FingerprintSha256))
        {
            Fingerprint(request.FingerprintSha256, "fingerprint_sha256");
        }

        if (!string.IsNullOrEmpty(request.SourceId) && !PkdOptionsValidator.IsValidName(request.SourceId))
        {
            throw PkdErrors.FieldInvalid("source_id", "not a source identifier.");
        }

        if (request.UpdatedSince is { } since && (since.Seconds < -62135596800 || since.Seconds > 253402300799 || since.Nanos is < 0 or > 999_999_999))
        {
            throw PkdErrors.FieldInvalid("updated_since", "not a valid timestamp.");
        }
    }

    public static void Validate(GetCrlRequest request)
    {
        if (string.IsNullOrEmpty(request.Country) && request.AuthorityKeyIdentifier.IsEmpty && string.IsNullOrEmpty(request.IssuerFingerprintSha256))
        {
            throw PkdErrors.FieldRequired("country, authority_key_identifier or issuer_fingerprint_sha256");
        }

        if (!string.IsNullOrEmpty(request.Country) && !IsCountry(request.Country))
        {
            throw PkdErrors.FieldInvalid("country", "an upper-case ISO 3166-1 alpha-2 code.");
        }

        if (request.AuthorityKeyIdentifier.Length > 64)
        {
            throw PkdErrors.FieldInvalid("authority_key_identifier", "at most 64 bytes.");
        }

        if (!string.IsNullOrEmpty(request.IssuerFingerprintSha256))
        {
            Fingerprint(request.IssuerFingerprintSha256, "issuer_fingerprint_sha256");
        }
    }

    public static void Validate(WatchUpdatesRequest request)
    {
        if (request.AfterSequence < 0)
        {
            throw PkdErrors.FieldInvalid("after_sequence", "must not be negative.");
        }

        Countries(request.Countries, "countries");
        Kinds(request.Kinds, "kinds");
    }

    public static void Validate(ExportLdifRequest request)
    {
        Countries(request.Countries, "countries");
        Kinds(request.Kinds, "kinds");
    }

    private static void SourceIds(RepeatedField<string> ids, string field)
    {
        if (ids.Count > MaxFilterValues || ids.Any(id => !PkdOptionsValidator.IsValidName(id)))
        {
            throw PkdErrors.FieldInvalid(field, "source identifiers are 1-64 characters of a-z, 0-9, '-', '_' or '.'.");
        }
    }

    private static void Countries(RepeatedField<string> countries, string field)
    {
        if (countries.Count > MaxFilterValues || countries.Any(c => !IsCountry(c)))
        {
            throw PkdErrors.FieldInvalid(field, "upper-case ISO 3166-1 alpha-2 codes.");
        }
    }

    private static void Kinds(RepeatedField<CertificateKind> kinds, string field)
    {
        if (kinds.Count > MaxFilterValues || kinds.Any(k => !Enum.IsDefined(k)))
        {
            throw PkdErrors.FieldInvalid(field, "unknown certificate kind.");
        }
    }

    private static bool IsCountry(string value) => value.Length == 2 && value.All(char.IsAsciiLetterUpper);

    private static void Fingerprint(string value, string field)
    {
        if (value.Length != 64 || !value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw PkdErrors.FieldInvalid(field, "64 lowercase hexadecimal digits.");
        }
    }
}
