using System.Security.Cryptography;
using System.Text;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.DocumentSigner.Options;
using Credentials.Icao9303;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Lds.DataGroups;
using Credentials.Icao9303.Mrz;
using Credentials.Icao9303.Sod;
using HashAlgorithm = Credentials.Contracts.Common.V1.HashAlgorithm;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// Checks a SignSecurityObject request before anything is signed and hashes data groups given as content. Pure.
/// Rules (Doc 9303 Part 10 §4.6.2): <c>dataGroupHashValues SEQUENCE SIZE (2..ub-DataGroups) OF DataGroupHash</c>,
/// <c>dataGroupNumber INTEGER (1..16)</c>, DG1 (MRZ) and DG2 (face) mandatory in every eMRTD; every hash has the length
/// of the LDS hash algorithm; LDSVersionInfo <c>ldsVersion</c> "aabb" and <c>unicodeVersion</c> "aabbcc" together or not at all.
/// </summary>
internal sealed class SignRequestValidator
{
    private readonly DocumentSignerOptions _options;

    public SignRequestValidator(DocumentSignerOptions options)
    {
        _options = options;
    }

    /// <summary>Validates <paramref name="request"/>; throws a <see cref="Core.CredentialsException"/> (InvalidArgument with a reason) on the first problem.</summary>
    public ValidatedSignRequest Validate(SignSecurityObjectRequest request, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateRequestId(request.RequestId, _options.MaxRequestIdLength);
        ValidateDocumentType(request.DocumentType, "document_type");
        var versionInfo = ValidateLdsVersion(request.LdsVersion, request.UnicodeVersion);
        var (hashAlgorithm, hashName, digestOid) = ValidateHashAlgorithm(request.HashAlgorithm);
        var hashLength = DigestAlgorithms.GetLength(digestOid);

        if (request.DocumentNumber.Length > _options.MaxDocumentNumberLength)
        {
            throw DocumentSignerErrors.FieldInvalid("document_number", $"longer than {_options.MaxDocumentNumberLength} characters.");
        }

        var seen = new bool[17];
        var hashes = new List<DataGroupHash>(Math.Min(request.DataGroups.Count, 16));
        long totalContent = 0;
        DateTimeOffset? expiryFromDg1 = null;
        foreach (var dataGroup in request.DataGroups)
        {
            if (dataGroup.Number is < 1 or > 16)
            {
                throw DocumentSignerErrors.Invalid("DATA_GROUP_NUMBER_INVALID", $"Data group number {dataGroup.Number} is outside 1..16.");
            }

            if (seen[dataGroup.Number])
            {
                throw DocumentSignerErrors.Invalid("DATA_GROUP_DUPLICATE", $"DG{dataGroup.Number} appears more than once.");
            }

            seen[dataGroup.Number] = true;
            switch (dataGroup.ValueCase)
            {
                case DataGroup.ValueOneofCase.Hash:
                    if (dataGroup.Hash.Length != hashLength)
                    {
                        throw DocumentSignerErrors.Invalid(
                            "HASH_LENGTH_MISMATCH",
                            $"DG{dataGroup.Number} hash is {dataGroup.Hash.Length} bytes; {DigestAlgorithms.GetName(digestOid)} gives {hashLength}.");
                    }

                    hashes.Add(new DataGroupHash(dataGroup.Number, dataGroup.Hash.ToByteArray()));
                    break;
                case DataGroup.ValueOneofCase.Content:
                    if (dataGroup.Content.Length == 0)
                    {
                        throw DocumentSignerErrors.FieldRequired($"data_groups[DG{dataGroup.Number}].content");
                    }

                    if (dataGroup.Content.Length > _options.MaxDataGroupContentBytes)
                    {
                        throw DocumentSignerErrors.Invalid(
                            "PAYLOAD_TOO_LARGE", $"DG{dataGroup.Number} content is {dataGroup.Content.Length} bytes; the limit is {_options.MaxDataGroupContentBytes}.");
                    }

                    totalContent += dataGroup.Content.Length;
                    if (totalContent > _options.MaxRequestContentBytes)
                    {
                        throw DocumentSignerErrors.Invalid("PAYLOAD_TOO_LARGE", $"The data group contents exceed {_options.MaxRequestContentBytes} bytes in total.");
                    }

                    hashes.Add(new DataGroupHash(dataGroup.Number, DigestAlgorithms.Compute(digestOid, dataGroup.Content.Span)));
                    if (dataGroup.Number == 1)
                    {
                        expiryFromDg1 = ExpiryFromDataGroup1(dataGroup.Content.Memory, today);
                    }

                    break;
                default:
                    throw DocumentSignerErrors.FieldRequired($"data_groups[DG{dataGroup.Number}].hash or content");
            }
        }

        if (!seen[1] || !seen[2])
        {
            throw DocumentSignerErrors.Invalid("DATA_GROUP_REQUIRED", "DG1 and DG2 are mandatory (Doc 9303 Part 10).");
        }

        hashes.Sort((a, b) => a.DataGroupNumber.CompareTo(b.DataGroupNumber));
        DateTimeOffset? expiresAt = request.DocumentExpiresAt is { } given ? given.ToDateTimeOffset() : expiryFromDg1;
        return new ValidatedSignRequest
        {
            RequestId = request.RequestId,
            DocumentType = request.DocumentType,
            VersionInfo = versionInfo,
            HashAlgorithm = hashAlgorithm,
            HashName = hashName,
            DigestOid = digestOid,
            DataGroupHashes = hashes,
            DocumentNumber = request.DocumentNumber,
            DocumentExpiresAt = expiresAt,
        };
    }

    /// <summary>request_id: required, printable ASCII, bounded.</summary>
    public static void ValidateRequestId(string requestId, int maxLength)
    {
        if (string.IsNullOrEmpty(requestId))
        {
            throw DocumentSignerErrors.RequestIdMissing();
        }

        if (requestId.Length > maxLength || requestId.Any(c => c is < '!' or > '~'))
        {
            throw DocumentSignerErrors.FieldInvalid("request_id", $"at most {maxLength} printable ASCII characters without spaces.");
        }
    }

    /// <summary>A Doc 9303 document type code: 1-2 upper case letters (Part 12 §7.1.1.3, Document Type List).</summary>
    public static void ValidateDocumentType(string documentType, string field)
    {
        if (string.IsNullOrEmpty(documentType))
        {
            throw new Core.CredentialsException(Core.ErrorKind.InvalidArgument, "DOCUMENT_TYPE_INVALID", $"{field} is required (e.g. \"P\").");
        }

        if (documentType.Length > 2 || !documentType.All(char.IsAsciiLetterUpper))
        {
            throw new Core.CredentialsException(Core.ErrorKind.InvalidArgument, "DOCUMENT_TYPE_INVALID", $"{field} must be 1-2 upper case letters.");
        }
    }

    private static LdsVersionInfo? ValidateLdsVersion(string ldsVersion, string unicodeVersion)
    {
        if (ldsVersion.Length == 0 && unicodeVersion.Length == 0)
        {
            return null;
        }

        if (ldsVersion.Length != 4 || unicodeVersion.Length != 6 || !ldsVersion.All(char.IsAsciiDigit) || !unicodeVersion.All(char.IsAsciiDigit))
        {
            throw DocumentSignerErrors.Invalid(
                "LDS_VERSION_INVALID", "lds_version (4 digits, e.g. \"0108\") and unicode_version (6 digits, e.g. \"040000\") must be set together.");
        }

        return new LdsVersionInfo(ldsVersion, unicodeVersion);
    }

    private static (HashAlgorithm Algorithm, HashAlgorithmName Name, string Oid) ValidateHashAlgorithm(HashAlgorithm algorithm) => algorithm switch
    {
        HashAlgorithm.Unspecified or HashAlgorithm.Sha256 => (HashAlgorithm.Sha256, HashAlgorithmName.SHA256, Oids.Sha256),
        HashAlgorithm.Sha384 => (HashAlgorithm.Sha384, HashAlgorithmName.SHA384, Oids.Sha384),
        HashAlgorithm.Sha512 => (HashAlgorithm.Sha512, HashAlgorithmName.SHA512, Oids.Sha512),
        HashAlgorithm.Sha1 => throw DocumentSignerErrors.Invalid("HASH_ALGORITHM_NOT_ALLOWED", "SHA-1 is not used for new signatures."),
        HashAlgorithm.Sha224 => throw DocumentSignerErrors.Invalid("HASH_ALGORITHM_NOT_ALLOWED", "SHA-224 is not offered for new signatures (use SHA-256, SHA-384 or SHA-512)."),
        _ => throw DocumentSignerErrors.Invalid("HASH_ALGORITHM_NOT_ALLOWED", $"Unknown hash_algorithm {(int)algorithm}."),
    };

    /// <summary>The date of expiry from DG1's MRZ (00:00 UTC), or null when DG1 does not decode (it is signed as given).</summary>
    private static DateTimeOffset? ExpiryFromDataGroup1(ReadOnlyMemory<byte> content, DateOnly today)
    {
        try
        {
            var mrz = DataGroup1.Decode(content).Mrz;
            return MrzDates.InferExpiryDate(mrz.Data.DateOfExpiry, today) is { } date
                ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                : null;
        }
        catch (Icao9303FormatException)
        {
            return null;
        }
    }

    /// <summary>Bytes that identify the request for idempotency: the request with the document number replaced by its keyed hash.</summary>
    public static byte[] RequestFingerprint(SignSecurityObjectRequest request, ReadOnlySpan<byte> documentNumberHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        var copy = request.Clone();
        copy.DocumentNumber = string.Empty;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.ASCII.GetBytes("SignSecurityObject\0"));
        hash.AppendData(Google.Protobuf.MessageExtensions.ToByteArray(copy));
        hash.AppendData([0]);
        hash.AppendData(documentNumberHash);
        return hash.GetHashAndReset();
    }
}
