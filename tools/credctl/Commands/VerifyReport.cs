using System.Globalization;
using System.Text.Json;
using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Icao9303.PassiveAuthentication;
using ContractCheckStatus = Credentials.Contracts.Common.V1.CheckStatus;
using ContractVerdict = Credentials.Contracts.Common.V1.Verdict;

namespace Credentials.Cli.Commands;

/// <summary>
/// What <c>credctl verify</c> prints, whether the verification ran offline (<see cref="PassiveAuthenticationResult"/>)
/// or on trust-anchor (<see cref="VerifyDocumentResponse"/>): one projection, one text writer, one JSON writer.
/// </summary>
/// <param name="Verdict">Verdict name: <c>VALID</c>, <c>VALID_WITH_WARNINGS</c>, <c>INVALID</c> or <c>INDETERMINATE</c>.</param>
/// <param name="ValidationTime">The validation time applied.</param>
/// <param name="Checks">The checks in the verifier's order.</param>
/// <param name="DocumentSigner">The Document Signer certificate, when one was found.</param>
internal sealed record VerifyReport(string Verdict, DateTimeOffset ValidationTime, IReadOnlyList<VerifyReportCheck> Checks, VerifyReportSigner? DocumentSigner)
{
    /// <summary>The report of an offline Passive Authentication.</summary>
    public static VerifyReport From(PassiveAuthenticationResult result, DateTimeOffset validationTime)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new VerifyReport(
            VerdictName(result.Verdict),
            validationTime,
            [.. result.Checks.Select(c => new VerifyReportCheck(c.Name, StatusName(c.Status), c.Reason, c.Detail))],
            result.DocumentSigner is { } dsc
                ? new VerifyReportSigner(dsc.SubjectName, dsc.IssuerName, dsc.SerialNumberHex, dsc.NotBefore, dsc.NotAfter, result.DocumentSignerKeyAlgorithm)
                : null);
    }

    /// <summary>The report of trust-anchor's VerifyDocument answer.</summary>
    public static VerifyReport From(VerifyDocumentResponse response, DateTimeOffset validationTime)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new VerifyReport(
            VerdictName(response.Verdict),
            validationTime,
            [.. response.Checks.Select(c => new VerifyReportCheck(c.Name, StatusName(c.Status), c.Reason, c.Detail))],
            response.DocumentSignerCertificate is { } dsc
                ? new VerifyReportSigner(dsc.Subject, dsc.Issuer, dsc.SerialNumber, dsc.NotBefore.ToDateTimeOffset(), dsc.NotAfter.ToDateTimeOffset(), dsc.KeyDescription)
                : null);
    }

    /// <summary>The label of the signer in the text output (<c>DSC</c>; <c>seal signer</c> for seals). The JSON key stays <c>dsc</c>.</summary>
    public string SignerLabel { get; init; } = "DSC";

    /// <summary>The report of an offline seal verification.</summary>
    public static VerifyReport From(Icao9303.Vds.SealVerificationResult result, DateTimeOffset validationTime)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new VerifyReport(
            VerdictName(result.Verdict),
            validationTime,
            [.. result.Checks.Select(c => new VerifyReportCheck(c.Name, StatusName(c.Status), c.Reason, c.Detail))],
            result.SignerCertificate is { } signer
                ? new VerifyReportSigner(signer.SubjectName, signer.IssuerName, signer.SerialNumberHex, signer.NotBefore, signer.NotAfter, null)
                : null)
        {
            SignerLabel = "seal signer",
        };
    }

    /// <summary>The report of trust-anchor's VerifySeal answer.</summary>
    public static VerifyReport From(VerifySealResponse response, DateTimeOffset validationTime)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new VerifyReport(
            VerdictName(response.Verdict),
            validationTime,
            [.. response.Checks.Select(c => new VerifyReportCheck(c.Name, StatusName(c.Status), c.Reason, c.Detail))],
            response.SignerCertificate is { } signer
                ? new VerifyReportSigner(signer.Subject, signer.Issuer, signer.SerialNumber, signer.NotBefore.ToDateTimeOffset(), signer.NotAfter.ToDateTimeOffset(), signer.KeyDescription)
                : null)
        {
            SignerLabel = "seal signer",
        };
    }

    /// <summary>Whether the verdict makes the command exit 0 (VALID or VALID_WITH_WARNINGS).</summary>
    public bool IsValid => Verdict is "VALID" or "VALID_WITH_WARNINGS";

    /// <summary>Prints the report as text or JSON; returns the exit code of its verdict (0 valid, 1 otherwise).</summary>
    public int Print(bool json, TextWriter output)
    {
        if (json)
        {
            WriteJson(output);
        }
        else
        {
            WriteText(output);
        }

        return IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    /// <summary>Prints the report as text.</summary>
    public void WriteText(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"verdict: {Verdict} (at {ValidationTime:u})");
        foreach (var check in Checks)
        {
            output.WriteLine($"  {check.Status,-4} {check.Name,-24} {check.Reason,-32} {check.Detail}");
        }

        if (DocumentSigner is { } dsc)
        {
            output.WriteLine($"{SignerLabel}: {dsc.Subject}");
            output.WriteLine($"  issuer {dsc.Issuer}, serial {dsc.Serial}, {dsc.NotBefore:u}..{dsc.NotAfter:u}, {dsc.KeyAlgorithm}");
        }
    }

    /// <summary>Prints the report as one JSON document.</summary>
    public void WriteJson(TextWriter output) => Icao.JsonOutput.Write(output, WriteJson);

    private void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("verdict", Verdict);
        w.WriteString("validationTime", ValidationTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteStartArray("checks");
        foreach (var check in Checks)
        {
            w.WriteStartObject();
            w.WriteString("name", check.Name);
            w.WriteString("status", check.Status);
            w.WriteString("reason", check.Reason);
            w.WriteString("detail", check.Detail);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (DocumentSigner is { } dsc)
        {
            w.WriteStartObject("dsc");
            w.WriteString("subject", dsc.Subject);
            w.WriteString("issuer", dsc.Issuer);
            w.WriteString("serial", dsc.Serial);
            w.WriteString("notBefore", dsc.NotBefore.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("notAfter", dsc.NotAfter.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("keyAlgorithm", dsc.KeyAlgorithm);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("dsc");
        }

        w.WriteEndObject();
    }

    private static string VerdictName(PassiveAuthenticationVerdict verdict) => verdict switch
    {
        PassiveAuthenticationVerdict.Valid => "VALID",
        PassiveAuthenticationVerdict.ValidWithWarnings => "VALID_WITH_WARNINGS",
        PassiveAuthenticationVerdict.Invalid => "INVALID",
        _ => "INDETERMINATE",
    };

    private static string VerdictName(ContractVerdict verdict) => verdict switch
    {
        ContractVerdict.Valid => "VALID",
        ContractVerdict.ValidWithWarnings => "VALID_WITH_WARNINGS",
        ContractVerdict.Invalid => "INVALID",
        _ => "INDETERMINATE",
    };

    private static string StatusName(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "pass",
        CheckStatus.Fail => "fail",
        CheckStatus.Warn => "warn",
        _ => "skip",
    };

    private static string StatusName(ContractCheckStatus status) => status switch
    {
        ContractCheckStatus.Pass => "pass",
        ContractCheckStatus.Fail => "fail",
        ContractCheckStatus.Warn => "warn",
        _ => "skip",
    };
}
