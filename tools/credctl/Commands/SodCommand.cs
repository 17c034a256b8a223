using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Credentials.Cli.Commands.Icao;
using Credentials.Icao9303;
using Credentials.Icao9303.Crypto;
using Credentials.Icao9303.Sod;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl sod dump FILE [--json]</c>: decodes EF.SOD (Doc 9303 Part 10 section 4.6.2) and prints the LDS security
/// object (version, hash algorithm, data group hashes, LDS/Unicode versions), the SignerInfo and the embedded DSC.
/// Exit 0 when it decodes, 1 when it is malformed, 2 when the file cannot be read.
/// </summary>
internal static class SodCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "EF.SOD file" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var dump = new Command("dump", "Decode and print an EF.SOD");
        dump.Arguments.Add(file);
        dump.Options.Add(json);
        dump.SetAction(async (parse, cancellationToken) => await DumpAsync(parse.GetValue(file)!, parse.GetValue(json), Console.Out, Console.Error, cancellationToken));
        var sod = new Command("sod", "Document Security Object (EF.SOD) tools");
        sod.Subcommands.Add(dump);
        return sod;
    }

    /// <summary>The command's logic; returns the exit code.</summary>
    public static async Task<int> DumpAsync(string path, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await IcaoIo.ReadAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"cannot read {path}: {ex.Message}");
            return ExitCodes.UsageOrIoError;
        }

        EfSod sod;
        X509CertificateParts? dsc;
        try
        {
            sod = EfSod.Decode(bytes);
            dsc = sod.FindDocumentSignerCertificate();
        }
        catch (Icao9303FormatException ex)
        {
            if (json)
            {
                JsonOutput.Write(output, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("error", ex.Reason);
                    w.WriteString("detail", ex.Message);
                    w.WriteEndObject();
                });
            }
            else
            {
                error.WriteLine($"malformed EF.SOD ({ex.Reason}): {ex.Message}");
            }

            return ExitCodes.Invalid;
        }

        string? keyAlgorithm = null;
        if (dsc is not null)
        {
            try
            {
                using var key = VerificationKey.FromSubjectPublicKeyInfo(dsc.SubjectPublicKeyInfo);
                keyAlgorithm = key.Description;
            }
            catch (Icao9303FormatException ex)
            {
                keyAlgorithm = $"unusable ({ex.Reason})";
            }
        }

        if (json)
        {
            JsonOutput.Write(output, w => WriteJson(w, sod, dsc, keyAlgorithm));
        }
        else
        {
            WriteText(output, sod, dsc, keyAlgorithm);
        }

        return ExitCodes.Ok;
    }

    private static string SignatureAlgorithmName(EfSod sod)
    {
        try
        {
            return SignatureAlgorithm.Decode(sod.SignerInfo.SignatureAlgorithm, sod.SignerInfo.DigestAlgorithmOid).Name;
        }
        catch (Icao9303FormatException)
        {
            return sod.SignerInfo.SignatureAlgorithmOid;
        }
    }

    private static void WriteJson(Utf8JsonWriter w, EfSod sod, X509CertificateParts? dsc, string? keyAlgorithm)
    {
        var lso = sod.SecurityObject;
        var signer = sod.SignerInfo;
        w.WriteStartObject();
        w.WriteString("eContentType", sod.SignedData.EContentType);
        w.WriteNumber("ldsSecurityObjectVersion", lso.Version);
        w.WriteString("hashAlgorithm", DigestAlgorithms.GetName(lso.HashAlgorithmOid));
        w.WriteString("hashAlgorithmOid", lso.HashAlgorithmOid);
        if (lso.VersionInfo is { } info)
        {
            w.WriteString("ldsVersion", info.LdsVersion);
            w.WriteString("unicodeVersion", info.UnicodeVersion);
        }

        w.WriteStartArray("dataGroupHashes");
        foreach (var hash in lso.DataGroupHashes)
        {
            w.WriteStartObject();
            w.WriteNumber("dataGroup", hash.DataGroupNumber);
            w.WriteString("hash", Convert.ToHexString(hash.HashValue.Span));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("signerInfo");
        w.WriteString("digestAlgorithm", DigestAlgorithms.GetName(signer.DigestAlgorithmOid));
        w.WriteString("signatureAlgorithm", SignatureAlgorithmName(sod));
        w.WriteString("signatureAlgorithmOid", signer.SignatureAlgorithmOid);
        w.WriteString("sid", signer.SidSubjectKeyIdentifier is { } ski ? "subjectKeyIdentifier " + Convert.ToHexString(ski.Span) : "issuerAndSerialNumber");
        if (signer.SigningTime is { } signingTime)
        {
            w.WriteString("signingTime", signingTime.ToString("O", CultureInfo.InvariantCulture));
        }

        w.WriteBoolean("signedAttributes", signer.SignedAttributesForSignature is not null);
        w.WriteEndObject();
        if (dsc is not null)
        {
            w.WriteStartObject("dsc");
            w.WriteString("subject", dsc.SubjectName);
            w.WriteString("issuer", dsc.IssuerName);
            w.WriteString("serial", dsc.SerialNumberHex);
            w.WriteString("notBefore", dsc.NotBefore.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("notAfter", dsc.NotAfter.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("keyAlgorithm", keyAlgorithm);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("dsc");
        }

        w.WriteStartArray("warnings");
        foreach (var warning in sod.Warnings)
        {
            w.WriteStringValue(warning);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteText(TextWriter output, EfSod sod, X509CertificateParts? dsc, string? keyAlgorithm)
    {
        var lso = sod.SecurityObject;
        output.WriteLine($"EF.SOD: LDSSecurityObject v{lso.Version}, {DigestAlgorithms.GetName(lso.HashAlgorithmOid)}"
            + (lso.VersionInfo is { } info ? $", LDS {info.LdsVersion}, Unicode {info.UnicodeVersion}" : string.Empty));
        foreach (var hash in lso.DataGroupHashes)
        {
            output.WriteLine($"  DG{hash.DataGroupNumber,-2} {Convert.ToHexString(hash.HashValue.Span)}");
        }

        output.WriteLine($"signer: {SignatureAlgorithmName(sod)}, digest {DigestAlgorithms.GetName(sod.SignerInfo.DigestAlgorithmOid)}"
            + (sod.SignerInfo.SigningTime is { } t ? $", signingTime {t:u}" : string.Empty));
        if (dsc is not null)
        {
            output.WriteLine($"DSC: {dsc.SubjectName}");
            output.WriteLine($"  issuer {dsc.IssuerName}, serial {dsc.SerialNumberHex}, {dsc.NotBefore:u}..{dsc.NotAfter:u}, {keyAlgorithm}");
        }
        else
        {
            output.WriteLine("DSC: not embedded");
        }

        foreach (var warning in sod.Warnings)
        {
            output.WriteLine($"warning: {warning}");
        }
    }
}
