using System.CommandLine;
using Credentials.Cli.Commands.Trust;
using Credentials.Icao9303;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.X509;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl cert lint FILE... [--profile P] [--json]</c>: checks certificates (or CRLs) against their Doc 9303 Part 12
/// profile. Exit 0 when there is no error finding (warnings allowed), 1 when there is one or a file is not a
/// certificate/CRL, 2 when a file cannot be read. JSON: one object for one file, an array for several.
/// </summary>
internal static class CertCommand
{
    public static Command Create()
    {
        var file = new Argument<string[]>("FILE") { Description = "certificate(s) or CRL(s) (DER or PEM); several files give one result each", Arity = ArgumentArity.OneOrMore };
        var profile = new Option<CertificateProfile?>("--profile") { Description = "profile to apply (default: detected)" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var lint = new Command("lint", "Lint a certificate or CRL against the Doc 9303 Part 12 profiles");
        lint.Arguments.Add(file);
        lint.Options.Add(profile);
        lint.Options.Add(json);
        lint.SetAction(async (parse, cancellationToken) =>
        {
            var paths = parse.GetValue(file)!;
            var asJson = parse.GetValue(json);
            var results = new List<object>();
            var worst = ExitCodes.Ok;
            foreach (var path in paths)
            {
                var (code, result) = await LintFileAsync(path, parse.GetValue(profile), asJson, cancellationToken);
                if (code == ExitCodes.UsageOrIoError)
                {
                    return code;
                }

                worst = Math.Max(worst, code);
                results.Add(result);
            }

            if (asJson)
            {
                TrustIo.WriteJson(results.Count == 1 ? results[0] : results);
            }

            return worst;
        });

        var command = new Command("cert", "Certificate tools");
        command.Subcommands.Add(lint);
        return command;
    }

    private static async Task<(int Code, object Result)> LintFileAsync(string path, CertificateProfile? profile, bool json, CancellationToken cancellationToken)
    {
        byte[] der;
        try
        {
            var content = await TrustIo.ReadAsync(path, cancellationToken);
            der = TrustIo.FirstDer(content, "CERTIFICATE", "X509 CRL");
        }
        catch (Exception ex) when (TrustIo.IsIoException(ex))
        {
            return (TrustIo.IoError(path, ex), new { });
        }

        LintReport report;
        try
        {
            report = Lint(der, profile);
        }
        catch (Icao9303FormatException ex)
        {
            if (!json)
            {
                Console.WriteLine($"INVALID  {path}: {ex.Reason}: {ex.Message}");
            }

            return (ExitCodes.Invalid, new { file = path, valid = false, reason = ex.Reason, detail = ex.Message });
        }

        var errors = report.Findings.Count(f => f.Severity == LintSeverity.Error);
        var warnings = report.Findings.Count(f => f.Severity == LintSeverity.Warning);
        if (!json)
        {
            var verdict = errors > 0 ? "NON-CONFORMANT" : warnings > 0 ? "CONFORMANT_WITH_WARNINGS" : "CONFORMANT";
            Console.WriteLine($"{verdict}  {path}");
            Console.WriteLine($"  subject  {report.Subject}");
            Console.WriteLine($"  profile  {report.Profile}");
            foreach (var finding in report.Findings)
            {
                Console.WriteLine($"  {finding.Severity.ToString().ToLowerInvariant(),-7} {finding.RuleId,-12} {finding.Message}");
            }
        }

        var result = new
        {
            file = path,
            valid = errors == 0,
            subject = report.Subject,
            profile = report.Profile,
            errors,
            warnings,
            findings = report.Findings.Select(f => new { ruleId = f.RuleId, severity = f.Severity.ToString().ToLowerInvariant(), message = f.Message }).ToArray(),
        };
        return (errors == 0 ? ExitCodes.Ok : ExitCodes.Invalid, result);
    }

    /// <summary>Lints <paramref name="der"/> as a certificate, or as a CRL when it is one.</summary>
    private static LintReport Lint(byte[] der, CertificateProfile? profile)
    {
        try
        {
            return CertificateProfileLinter.Lint(der, profile);
        }
        catch (Icao9303FormatException certificateError)
        {
            try
            {
                return CertificateProfileLinter.LintCrl(CertificateRevocationList.Decode(der));
            }
            catch (Icao9303FormatException)
            {
                throw certificateError;
            }
        }
    }
}
