using System.CommandLine;
using Credentials.Cli.Commands.Trust;
using Credentials.Icao9303;
using Credentials.Icao9303.Crl;
using Credentials.Icao9303.Crypto;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl crl check FILE --issuer FILE [--serial HEX] [--json]</c>: verifies a CRL against its issuing CSCA and,
/// with <c>--serial</c>, looks a certificate serial number up in it. Exit 0 when the CRL verifies (and the serial, if
/// given, is not revoked); 1 when the CRL does not verify, is malformed, or the serial is revoked; 2 when a file
/// cannot be read. A CRL past its nextUpdate is reported as <c>stale</c> but does not by itself fail the check.
/// </summary>
internal static class CrlCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "CRL (DER or PEM)" };
        var issuerOption = new Option<string>("--issuer") { Description = "issuing CSCA certificate (DER or PEM bundle)", Required = true };
        var serialOption = new Option<string?>("--serial") { Description = "certificate serial number to look up (hex)" };
        var json = new Option<bool>("--json") { Description = "print the result as JSON" };
        var check = new Command("check", "Verify a CRL against its issuer and look up a serial number");
        check.Arguments.Add(file);
        check.Options.Add(issuerOption);
        check.Options.Add(serialOption);
        check.Options.Add(json);
        check.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var issuerPath = parse.GetValue(issuerOption)!;
            byte[] crlBytes;
            byte[] issuerBytes;
            var current = path;
            try
            {
                crlBytes = TrustIo.FirstDer(await TrustIo.ReadAsync(path, cancellationToken), "X509 CRL");
                current = issuerPath;
                issuerBytes = await TrustIo.ReadAsync(issuerPath, cancellationToken);
            }
            catch (Exception ex) when (TrustIo.IsIoException(ex))
            {
                return TrustIo.IoError(current, ex);
            }

            CertificateRevocationList crl;
            List<X509CertificateParts> issuers;
            string? serial;
            try
            {
                crl = CertificateRevocationList.Decode(crlBytes);
                // A bundle may hold malformed certificates: they are skipped and reported; none usable fails.
                issuers = [.. CertificateBundles.Decode(issuerPath, issuerBytes, requireSupportedKey: false, Console.Error).Certificates];
                serial = parse.GetValue(serialOption) is { } s ? CertificateRevocationList.NormalizeSerialHex(s) : null;
            }
            catch (Icao9303FormatException ex)
            {
                if (parse.GetValue(json))
                {
                    TrustIo.WriteJson(new { file = path, valid = false, signatureValid = false, reason = ex.Reason, detail = ex.Message });
                }
                else
                {
                    Console.WriteLine($"INVALID  {path}: {ex.Reason}: {ex.Message}");
                }

                return ExitCodes.Invalid;
            }

            var result = CrlVerifier.Verify(crl, issuers);
            var revoked = serial is null ? null : crl.FindRevoked(serial);
            var stale = crl.IsExpiredAt(TimeProvider.System.GetUtcNow());
            var ok = result.IsValid && revoked is null;
            if (parse.GetValue(json))
            {
                TrustIo.WriteJson(new
                {
                    file = path,
                    valid = ok,
                    signatureValid = result.IsValid,
                    issuer = crl.IssuerName,
                    verifiedBy = result.Issuer?.SubjectName,
                    verifiedBySerial = result.Issuer?.SerialNumberHex,
                    crlNumber = crl.CrlNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    thisUpdate = crl.ThisUpdate,
                    nextUpdate = crl.NextUpdate,
                    stale,
                    revokedCount = crl.RevokedCertificates.Count,
                    serial = serial is null ? null : new
                    {
                        hex = serial,
                        revoked = revoked is not null,
                        revocationDate = revoked?.RevocationDate,
                        reasonCode = revoked?.ReasonCode,
                    },
                    reason = result.FailureReason,
                    detail = result.FailureDetail,
                });
            }
            else
            {
                Console.WriteLine($"{(ok ? "VALID" : "INVALID")}  {path}");
                Console.WriteLine($"  issuer      {crl.IssuerName}");
                Console.WriteLine($"  signature   {(result.IsValid ? $"valid (CSCA serial {result.Issuer!.SerialNumberHex})" : $"{result.FailureReason}: {result.FailureDetail}")}");
                Console.WriteLine($"  CRL number  {crl.CrlNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}");
                Console.WriteLine($"  thisUpdate  {crl.ThisUpdate:u}");
                Console.WriteLine($"  nextUpdate  {(crl.NextUpdate is { } next ? next.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "-")}{(stale ? "  (stale)" : string.Empty)}");
                Console.WriteLine($"  revoked     {crl.RevokedCertificates.Count}");
                if (serial is not null)
                {
                    Console.WriteLine(revoked is null
                        ? $"  serial {serial}: not revoked"
                        : $"  serial {serial}: REVOKED on {revoked.RevocationDate:u}{(revoked.ReasonCode is { } code ? $" (reason {code})" : string.Empty)}");
                }
            }

            return ok ? ExitCodes.Ok : ExitCodes.Invalid;
        });

        var command = new Command("crl", "CRL tools");
        command.Subcommands.Add(check);
        return command;
    }
}
