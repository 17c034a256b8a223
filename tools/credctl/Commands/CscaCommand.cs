using System.CommandLine;
using System.Globalization;
using Credentials.Cli.Connection;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Csca.V1;
using Credentials.Grpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl csca create|rollover|issue|revoke|publish-crl|get-crl|list|sign-masterlist [--server HOST:PORT]</c>:
/// the CSCA officer's commands against the csca service over mutual TLS (default identity: admin). Side-effecting
/// commands send a request id (a new UUID unless <c>--request-id</c> is given) and print it, so a failed call can be
/// retried safely with the same id. Exit 0 on success, 1 when the service refused, 2 on usage or I/O errors.
/// </summary>
internal static class CscaCommand
{
    public static Command Create()
    {
        var command = new Command("csca", "Operate the Country Signing CA (csca service)");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(RolloverCommand());
        command.Subcommands.Add(IssueCommand());
        command.Subcommands.Add(RevokeCommand());
        command.Subcommands.Add(PublishCrlCommand());
        command.Subcommands.Add(GetCrlCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(SignMasterListCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var common = Common("create", "Generate a CSCA key in the HSM and its self-signed certificate");
        var id = common.Required("--id", "CSCA lineage id ([a-z0-9-], 1-64)");
        var country = common.Required("--country", "ISO 3166-1 alpha-2 country code, e.g. NL");
        var organization = common.Required("--org", "organizationName");
        var unit = common.Text("--ou", "organizationalUnitName (optional)");
        var commonName = common.Required("--cn", "commonName");
        var serial = common.Text("--subject-serial", "subject serialNumber attribute (default: the generation number)");
        var algorithm = common.Text("--key-algorithm", "rsa-2048|rsa-3072|rsa-4096|ec-p256|ec-p384|ec-p521|brainpool-p256r1|brainpool-p384r1|brainpool-p512r1 (default ec-p256)");
        var hash = common.Text("--hash", "sha256|sha384|sha512 (default: fits the key)");
        var pss = new Option<bool>("--pss") { Description = "RSA-PSS instead of PKCS#1 v1.5 (RSA keys)" };
        common.Command.Options.Add(pss);
        var validity = common.Add(new Option<int?>("--validity-days") { Description = "certificate validity in days (default: server setting)" });
        var keyUsage = common.Add(new Option<int?>("--key-usage-days") { Description = "private key usage period in days (default: server setting)" });
        var output = common.Text("--out", "write the CSCA certificate (DER) to this file");
        return common.Run(async (parse, client, call) =>
        {
            var request = new CreateCscaRequest
            {
                RequestId = common.RequestId(parse),
                CscaId = parse.GetValue(id)!,
                Country = parse.GetValue(country)!,
                Organization = parse.GetValue(organization)!,
                OrganizationalUnit = parse.GetValue(unit) ?? string.Empty,
                CommonName = parse.GetValue(commonName)!,
                SubjectSerialNumber = parse.GetValue(serial) ?? string.Empty,
                KeyAlgorithm = ParseKeyAlgorithm(parse.GetValue(algorithm) ?? "ec-p256"),
                HashAlgorithm = ParseHash(parse.GetValue(hash)),
                SignatureScheme = parse.GetValue(pss) ? SignatureScheme.RsaPss : SignatureScheme.Unspecified,
                Validity = ToDuration(parse.GetValue(validity)),
                PrivateKeyUsagePeriod = ToDuration(parse.GetValue(keyUsage)),
            };
            var response = await client.CreateCscaAsync(request, call);
            PrintGeneration(response.Csca);
            Write(parse.GetValue(output), response.Csca.Certificate.Der);
        });
    }

    private static Command RolloverCommand()
    {
        var common = Common("rollover", "Roll a CSCA over to a new HSM key; issues the link certificate old -> new");
        var id = common.Text("--id", "CSCA lineage id (default: the only one)");
        var algorithm = common.Text("--key-algorithm", "key algorithm of the new key (default: as before)");
        var serial = common.Text("--subject-serial", "subject serialNumber of the new generation (default: its number)");
        var validity = common.Add(new Option<int?>("--validity-days") { Description = "certificate validity in days" });
        var keyUsage = common.Add(new Option<int?>("--key-usage-days") { Description = "private key usage period in days" });
        var output = common.Text("--out", "write the link certificate (DER) to this file");
        return common.Run(async (parse, client, call) =>
        {
            var response = await client.RolloverCscaAsync(
                new RolloverCscaRequest
                {
                    RequestId = common.RequestId(parse),
                    CscaId = parse.GetValue(id) ?? string.Empty,
                    KeyAlgorithm = parse.GetValue(algorithm) is { } name ? ParseKeyAlgorithm(name) : KeyAlgorithm.Unspecified,
                    SubjectSerialNumber = parse.GetValue(serial) ?? string.Empty,
                    Validity = ToDuration(parse.GetValue(validity)),
                    PrivateKeyUsagePeriod = ToDuration(parse.GetValue(keyUsage)),
                },
                call);
            PrintGeneration(response.Current);
            Console.WriteLine($"previous   generation {response.Previous.Generation} is {response.Previous.State}");
            PrintCertificate("link", response.LinkCertificate);
            Write(parse.GetValue(output), response.LinkCertificate.Der);
        });
    }

    private static Command IssueCommand()
    {
        var common = Common("issue", "Issue a signer certificate from a PKCS#10 request");
        var csr = common.Required("--csr", "PKCS#10 request file (DER or PEM)");
        var kind = common.Required("--kind", "ds|dtc|mls|dls");
        var id = common.Text("--id", "issuing CSCA lineage (default: the only one)");
        var documentTypes = new Option<string[]>("--doc-type") { Description = "Document Type List entry, e.g. P (repeatable; required for ds)", AllowMultipleArgumentsPerToken = true };
        common.Command.Options.Add(documentTypes);
        var validity = common.Add(new Option<int?>("--validity-days") { Description = "certificate validity in days" });
        var keyUsage = common.Add(new Option<int?>("--key-usage-days") { Description = "private key usage period in days" });
        var output = common.Text("--out", "write the certificate (DER) to this file");
        return common.Run(async (parse, client, call) =>
        {
            var request = new IssueSignerCertificateRequest
            {
                RequestId = common.RequestId(parse),
                CscaId = parse.GetValue(id) ?? string.Empty,
                CsrDer = ByteString.CopyFrom(ReadDer(parse.GetValue(csr)!, "CERTIFICATE REQUEST")),
                SignerKind = parse.GetValue(kind)!.ToLowerInvariant() switch
                {
                    "ds" => SignerKind.DocumentSigner,
                    "dtc" => SignerKind.DtcSigner,
                    "mls" => SignerKind.MasterListSigner,
                    "dls" => SignerKind.DeviationListSigner,
                    "seal" => SignerKind.SealSigner,
                    var other => throw new ArgumentException($"unknown --kind '{other}' (ds, dtc, mls, dls, seal)"),
                },
                Validity = ToDuration(parse.GetValue(validity)),
                PrivateKeyUsagePeriod = ToDuration(parse.GetValue(keyUsage)),
            };
            request.DocumentTypes.AddRange(parse.GetValue(documentTypes) ?? []);
            var response = await client.IssueSignerCertificateAsync(request, call);
            PrintCertificate("issued", response.Certificate);
            Write(parse.GetValue(output), response.Certificate.Der);
        });
    }

    private static Command RevokeCommand()
    {
        var common = Common("revoke", "Revoke a certificate and publish a CRL listing it");
        var serial = common.Text("--serial", "serial number (lowercase hex)");
        var fingerprint = common.Text("--fingerprint", "SHA-256 fingerprint (lowercase hex)");
        var reason = common.Text("--reason", "key-compromise|ca-compromise|affiliation-changed|superseded|cessation-of-operation|privilege-withdrawn|aa-compromise (default: none)");
        return common.Run(async (parse, client, call) =>
        {
            var request = new RevokeCertificateRequest { RequestId = common.RequestId(parse), Reason = ParseReason(parse.GetValue(reason)) };
            if (parse.GetValue(serial) is { } serialNumber)
            {
                request.SerialNumber = serialNumber;
            }
            else if (parse.GetValue(fingerprint) is { } value)
            {
                request.FingerprintSha256 = value;
            }
            else
            {
                throw new ArgumentException("give --serial or --fingerprint");
            }

            var response = await client.RevokeCertificateAsync(request, call);
            PrintCertificate("revoked", response.Certificate);
            PrintCrl(response.Crl);
        });
    }

    private static Command PublishCrlCommand()
    {
        var common = Common("publish-crl", "Publish new CRLs now (one per non-retired CSCA generation)");
        var id = common.Text("--id", "CSCA lineage (default: the only one)");
        var nextUpdate = common.Add(new Option<int?>("--next-update-days") { Description = "nextUpdate - thisUpdate in days (at most 90)" });
        return common.Run(async (parse, client, call) =>
        {
            var response = await client.PublishCrlAsync(
                new PublishCrlRequest { RequestId = common.RequestId(parse), CscaId = parse.GetValue(id) ?? string.Empty, NextUpdateIn = ToDuration(parse.GetValue(nextUpdate)) }, call);
            foreach (var crl in response.Crls)
            {
                PrintCrl(crl);
            }
        });
    }

    private static Command GetCrlCommand()
    {
        var common = Common("get-crl", "Fetch the current (or a numbered) CRL", sideEffects: false);
        var id = common.Text("--id", "CSCA lineage (default: the only one)");
        var generation = new Option<int>("--generation") { Description = "generation whose CRL to fetch (default: the active one)" };
        common.Command.Options.Add(generation);
        var number = common.Text("--number", "cRLNumber (lowercase hex; default: the latest)");
        var output = common.Text("--out", "write the CRL (DER) to this file");
        return common.Run(async (parse, client, call) =>
        {
            var response = await client.GetCrlAsync(
                new GetCrlRequest { CscaId = parse.GetValue(id) ?? string.Empty, Generation = parse.GetValue(generation), CrlNumber = parse.GetValue(number) ?? string.Empty }, call);
            PrintCrl(response.Crl);
            Write(parse.GetValue(output), response.Crl.Der);
        });
    }

    private static Command ListCommand()
    {
        var common = Common("list", "List the certificates the csca service issued, newest first", sideEffects: false);
        var id = common.Text("--id", "only this CSCA lineage");
        var kind = common.Text("--kind", "csca|link|ds|dtc|mls|dls");
        var status = common.Text("--status", "valid|not-yet-valid|expired|revoked");
        var limit = new Option<int>("--limit") { Description = "stop after this many certificates", DefaultValueFactory = _ => 1000 };
        common.Command.Options.Add(limit);
        return common.Run(async (parse, client, call) =>
        {
            var request = new ListCertificatesRequest
            {
                CscaId = parse.GetValue(id) ?? string.Empty,
                Status = parse.GetValue(status)?.ToLowerInvariant() switch
                {
                    null => CertificateStatus.Unspecified,
                    "valid" => CertificateStatus.Valid,
                    "not-yet-valid" => CertificateStatus.NotYetValid,
                    "expired" => CertificateStatus.Expired,
                    "revoked" => CertificateStatus.Revoked,
                    var other => throw new ArgumentException($"unknown --status '{other}'"),
                },
                Page = new PageRequest { PageSize = 200 },
            };
            if (parse.GetValue(kind) is { } name)
            {
                request.Kinds.Add(name.ToLowerInvariant() switch
                {
                    "csca" => CertificateKind.Csca,
                    "link" => CertificateKind.Link,
                    "ds" => CertificateKind.DocumentSigner,
                    "dtc" => CertificateKind.DtcSigner,
                    "mls" => CertificateKind.MasterListSigner,
                    "dls" => CertificateKind.DeviationListSigner,
                    "seal" => CertificateKind.SealSigner,
                    var other => throw new ArgumentException($"unknown --kind '{other}'"),
                });
            }

            var printed = 0;
            do
            {
                var page = await client.ListCertificatesAsync(request, call);
                foreach (var certificate in page.Certificates.Take(parse.GetValue(limit) - printed))
                {
                    Console.WriteLine($"{certificate.Kind,-28} {certificate.Status,-12} {certificate.SerialNumber} {certificate.FingerprintSha256[..16]} {certificate.Subject}");
                    printed++;
                }

                request.Page.PageToken = page.Page.NextPageToken;
            }
            while (!string.IsNullOrEmpty(request.Page.PageToken) && printed < parse.GetValue(limit));
        });
    }

    private static Command SignMasterListCommand()
    {
        var common = Common("sign-masterlist", "Sign the State's CSCA Master List with a Master List Signer key in the HSM");
        var id = common.Text("--id", "CSCA lineage (default: the only one)");
        var signer = common.Text("--signer", "SHA-256 fingerprint of the Master List Signer certificate (default: newest usable)");
        var add = new Option<string[]>("--add") { Description = "further CSCA/link certificate files to include (repeatable)", AllowMultipleArgumentsPerToken = true };
        common.Command.Options.Add(add);
        var output = common.Required("--out", "write the Master List (DER CMS) to this file");
        return common.Run(async (parse, client, call) =>
        {
            var request = new SignMasterListRequest
            {
                RequestId = common.RequestId(parse),
                CscaId = parse.GetValue(id) ?? string.Empty,
                SignerCertificateFingerprintSha256 = parse.GetValue(signer) ?? string.Empty,
            };
            foreach (var file in parse.GetValue(add) ?? [])
            {
                request.AdditionalCertificates.Add(ByteString.CopyFrom(ReadDer(file, "CERTIFICATE")));
            }

            var response = await client.SignMasterListAsync(request, call);
            Console.WriteLine($"master list {response.FingerprintSha256} with {response.CertificateCount} certificate(s)");
            PrintCertificate("signer", response.SignerCertificate);
            Write(parse.GetValue(output), response.MasterList);
        });
    }

    private static void PrintGeneration(CscaGeneration generation)
    {
        Console.WriteLine($"csca       {generation.CscaId} generation {generation.Generation} {generation.State} (HSM key '{generation.KeyLabel}')");
        PrintCertificate("certificate", generation.Certificate);
    }

    private static void PrintCertificate(string label, Certificate certificate) =>
        Console.WriteLine($"{label,-10} {certificate.Subject}\n           serial {certificate.SerialNumber} sha256 {certificate.FingerprintSha256}\n           "
            + $"{certificate.Kind} {certificate.Status} {certificate.KeyDescription} valid {certificate.NotBefore.ToDateTimeOffset():u} .. {certificate.NotAfter.ToDateTimeOffset():u}");

    private static void PrintCrl(Crl crl) =>
        Console.WriteLine($"crl        number {crl.CrlNumber} {crl.RevokedCount} revoked, thisUpdate {crl.ThisUpdate.ToDateTimeOffset():u}, "
            + $"nextUpdate {crl.NextUpdate?.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture)}, sha256 {crl.FingerprintSha256}");

    private static void Write(string? path, ByteString der)
    {
        if (!string.IsNullOrEmpty(path))
        {
            File.WriteAllBytes(path, der.ToByteArray());
            Console.WriteLine($"wrote      {path} ({der.Length} bytes)");
        }
    }

    private static byte[] ReadDer(string path, string pemLabel)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > 0 && bytes[0] == 0x30)
        {
            return bytes;
        }

        var text = System.Text.Encoding.ASCII.GetString(bytes);
        var fields = System.Security.Cryptography.PemEncoding.Find(text);
        var label = text[fields.Label];
        if (!label.EndsWith(pemLabel, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: expected PEM '{pemLabel}', found '{label}'");
        }

        return Convert.FromBase64String(text[fields.Base64Data]);
    }

    private static Duration? ToDuration(int? days) => days is { } value ? Duration.FromTimeSpan(TimeSpan.FromDays(value)) : null;

    private static KeyAlgorithm ParseKeyAlgorithm(string name) => name.ToLowerInvariant() switch
    {
        "rsa-2048" => KeyAlgorithm.Rsa2048,
        "rsa-3072" => KeyAlgorithm.Rsa3072,
        "rsa-4096" => KeyAlgorithm.Rsa4096,
        "ec-p256" => KeyAlgorithm.EcP256,
        "ec-p384" => KeyAlgorithm.EcP384,
        "ec-p521" => KeyAlgorithm.EcP521,
        "brainpool-p256r1" => KeyAlgorithm.BrainpoolP256R1,
        "brainpool-p384r1" => KeyAlgorithm.BrainpoolP384R1,
        "brainpool-p512r1" => KeyAlgorithm.BrainpoolP512R1,
        _ => throw new ArgumentException($"unknown --key-algorithm '{name}'"),
    };

    private static HashAlgorithm ParseHash(string? name) => name?.ToLowerInvariant() switch
    {
        null => HashAlgorithm.Unspecified,
        "sha256" => HashAlgorithm.Sha256,
        "sha384" => HashAlgorithm.Sha384,
        "sha512" => HashAlgorithm.Sha512,
        _ => throw new ArgumentException($"unknown --hash '{name}'"),
    };

    private static RevocationReason ParseReason(string? name) => name?.ToLowerInvariant() switch
    {
        null => RevocationReason.Unspecified,
        "key-compromise" => RevocationReason.KeyCompromise,
        "ca-compromise" => RevocationReason.CaCompromise,
        "affiliation-changed" => RevocationReason.AffiliationChanged,
        "superseded" => RevocationReason.Superseded,
        "cessation-of-operation" => RevocationReason.CessationOfOperation,
        "privilege-withdrawn" => RevocationReason.PrivilegeWithdrawn,
        "aa-compromise" => RevocationReason.AaCompromise,
        _ => throw new ArgumentException($"unknown --reason '{name}'"),
    };

    /// <summary>The options every csca subcommand shares (server, TLS, timeout, request id) and its run loop.</summary>
    private static ServerCommand<CscaService.CscaServiceClient> Common(string name, string description, bool sideEffects = true) =>
        new("csca", invoker => new CscaService.CscaServiceClient(invoker), name, description, timeoutSeconds: 60, sideEffects: sideEffects);
}
