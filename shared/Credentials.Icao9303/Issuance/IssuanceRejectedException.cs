namespace Credentials.Icao9303.Issuance;

/// <summary>
/// An issuing request the Part 12 profiles or the key policy refuse. <see cref="Reason"/> is one of the constants
/// below; they equal the <c>credentials.common.v1.ErrorReason</c> names so services can pass them on unchanged.
/// </summary>
public sealed class IssuanceRejectedException : Exception
{
    /// <summary>A name part or other field is not acceptable.</summary>
    public const string FieldInvalid = "FIELD_INVALID";

    /// <summary>A validity or private key usage period is empty, inverted or outside the issuer's.</summary>
    public const string ValidityPeriodInvalid = "VALIDITY_PERIOD_INVALID";

    /// <summary>The PKCS#10 request does not decode.</summary>
    public const string CsrMalformed = "CSR_MALFORMED";

    /// <summary>The PKCS#10 request's self-signature does not verify.</summary>
    public const string CsrSignatureInvalid = "CSR_SIGNATURE_INVALID";

    /// <summary>The PKCS#10 subject does not fit the issuing CSCA.</summary>
    public const string CsrSubjectInvalid = "CSR_SUBJECT_INVALID";

    /// <summary>The key in the request is outside the key policy.</summary>
    public const string KeyAlgorithmNotAllowed = "KEY_ALGORITHM_NOT_ALLOWED";

    /// <summary>A Document Type List entry is not 1-2 upper-case letters, or missing where required.</summary>
    public const string DocumentTypeInvalid = "DOCUMENT_TYPE_INVALID";

    /// <summary>The issuer certificate cannot issue (not a CA, or outside its private key usage period).</summary>
    public const string IssuerNotUsable = "CSCA_NOT_ACTIVE";

    public IssuanceRejectedException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public IssuanceRejectedException(string reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public IssuanceRejectedException()
        : this(FieldInvalid, "The issuing request was rejected.")
    {
    }

    public IssuanceRejectedException(string message)
        : this(FieldInvalid, message)
    {
    }

    public IssuanceRejectedException(string message, Exception innerException)
        : this(FieldInvalid, message, innerException)
    {
    }

    /// <summary>Stable reason code.</summary>
    public string Reason { get; }
}
