using System.CommandLine;
using System.Globalization;
using Credentials.Cli.Connection;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Grpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl sign key create|list</c> and <c>credctl sign sod</c>: Document Signer keys and EF.SOD signing against the
/// document-signer service over mutual TLS (default identity: admin). Side-effecting commands send a request id (a new
/// UUID unless <c>--request-id</c> is given) and print it, so a failed call can be retried with the same id and gets
/// the same result. Exit 0 on success, 1 when the service refused, 2 on usage or I/O errors.
/// </summary>
internal static class SignCommand
{
    public static Command Create()
    {
        var command = new Command("sign", "Document Signer keys and EF.SOD signing (document-signer service)");
        var key = new Command("key", "Document Signer keys in the HSM");
        key.Subcommands.Add(CreateKeyCommand());
        key.Subcommands.Add(ListKeysCommand());
        command.Subcommands.Add(key);
        command.Subcommands.Add(SodCommand());
        return command;
    }

    private static Command CreateKeyCommand()
    {
        var common = Common("create", "Generate a Document Signer (or seal-signer) key in the HSM and have the CSCA certify it");
        var kind = common.Text("--kind", "document|seal: a Document Signer key (EF.SOD, default) or a seal-signer key (visible seals, EC only)");
        var documentTypes = new Option<string[]>("--doc-type") { Description = "document type the key signs for, e.g. P (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        common.Command.Options.Add(documentTypes);
        var algorithm = common.Text("--key-algorithm", "rsa-2048|rsa-3072|rsa-4096|ec-p256|ec-p384|ec-p521|brainpool-p256r1|brainpool-p384r1|brainpool-p512r1 (default ec-p256)");
        var pss = new Option<bool>("--pss") { Description = "RSA-PSS instead of PKCS#1 v1.5 (RSA keys)" };
        var activate = new Option<bool>("--activate") { Description = "make the key ACTIVE at once (otherwise PENDING while another key covers its types)" };
        common.Command.Options.Add(pss);
        common.Command.Options.Add(activate);
        var csca = common.Text("--csca-id", "certifying CSCA lineage (default: the csca service's only one)");
        var commonName = common.Text("--cn", "certificate commonName (default: server choice)");
        var keyUsage = common.Add(new Option<int?>("--key-usage-days") { Description = "private key usage period in days (default: server setting)" });
        var validity = common.Add(new Option<int?>("--validity-days") { Description = "certificate validity in days (default: server setting)" });
        var output = common.Text("--out", "write the Document Signer certificate (DER) to this file");
        return common.Run(async (parse, client, call) =>
        {
            var request = new CreateSignerKeyRequest
            {
                RequestId = common.RequestId(parse),
                KeyAlgorithm = ParseKeyAlgorithm(parse.GetValue(algorithm) ?? "ec-p256"),
                SignatureScheme = parse.GetValue(pss) ? SignatureScheme.RsaPss : SignatureScheme.Unspecified,
                CscaId = parse.GetValue(csca) ?? string.Empty,
                CommonName = parse.GetValue(commonName) ?? string.Empty,
                PrivateKeyUsagePeriod = ToDuration(parse.GetValue(keyUsage)),
                Validity = ToDuration(parse.GetValue(validity)),
                Activate = parse.GetValue(activate),
                SignerKind = ParseKind(parse.GetValue(kind)),
            };
            request.DocumentTypes.AddRange(parse.GetValue(documentTypes) ?? []);
            var response = await client.CreateSignerKeyAsync(request, call);
            PrintKey(response.SignerKey);
            Write(parse.GetValue(output), response.SignerKey.Certificate.Der);
        });
    }

    private static Command ListKeysCommand()
    {
        var common = Common("list", "List Document Signer keys, newest first", sideEffects: false);
        var state = common.Text("--state", "pending|active|retired (default: any)");
        var documentType = common.Text("--doc-type", "only keys signing this document type");
        var kind = common.Text("--kind", "document|seal: only keys of this kind (default: any)");
        return common.Run(async (parse, client, call) =>
        {
            var request = new ListSignerKeysRequest
            {
                SignerKind = parse.GetValue(kind) is null ? SignerKind.Unspecified : ParseKind(parse.GetValue(kind)),
                State = parse.GetValue(state)?.ToLowerInvariant() switch
                {
                    null => SignerKeyState.Unspecified,
                    "pending" => SignerKeyState.Pending,
                    "active" => SignerKeyState.Active,
                    "retired" => SignerKeyState.Retired,
                    var other => throw new ArgumentException($"unknown --state '{other}'"),
                },
                DocumentType = parse.GetValue(documentType) ?? string.Empty,
                Page = new PageRequest { PageSize = 200 },
            };
            do
            {
                var page = await client.ListSignerKeysAsync(request, call);
                foreach (var key in page.SignerKeys)
                {
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{key.KeyId,-28} {key.State,-8} {(key.SignerKind == SignerKind.SealSigner ? "seal" : "document"),-8} {string.Join(',', key.DocumentTypes),-6} {key.Certificate.KeyDescription,-22} usage until {key.Certificate.PrivateKeyUsageNotAfter?.ToDateTimeOffset():u}  {key.Certificate.Subject}"));
                }

                request.Page.PageToken = page.Page.NextPageToken;
            }
            while (!string.IsNullOrEmpty(request.Page.PageToken));
        });
    }

    private static Command SodCommand()
    {
        var common = Common("sod", "Have the document signer sign an EF.SOD over data groups");
        var documentType = common.Text("--doc-type", "document type, e.g. P (default P)");
        var contents = new Option<string[]>("--dg") { Description = "N=FILE: data group N's content (hashed by the server; repeatable; DG1 and DG2 required)", AllowMultipleArgumentsPerToken = true };
        var hashes = new Option<string[]>("--dg-hash") { Description = "N=HEX: data group N's hash instead of its content (repeatable)", AllowMultipleArgumentsPerToken = true };
        common.Command.Options.Add(contents);
        common.Command.Options.Add(hashes);
        var hash = common.Text("--hash", "sha256|sha384|sha512 (default sha256)");
        var lds = common.Text("--lds-version", "LDS version aabb, e.g. 0108 (with --unicode-version: LDSSecurityObject v1)");
        var unicode = common.Text("--unicode-version", "Unicode version aabbcc, e.g. 040000");
        var documentNumber = common.Text("--document-number", "document number; only its keyed hash leaves the service in the event");
        var output = common.Required("--out", "write the EF.SOD (0x77 ... DER) to this file");
        return common.Run(async (parse, client, call) =>
        {
            var request = new SignSecurityObjectRequest
            {
                RequestId = common.RequestId(parse),
                DocumentType = parse.GetValue(documentType) ?? "P",
                HashAlgorithm = parse.GetValue(hash)?.ToLowerInvariant() switch
                {
                    null or "sha256" => HashAlgorithm.Sha256,
                    "sha384" => HashAlgorithm.Sha384,
                    "sha512" => HashAlgorithm.Sha512,
                    var other => throw new ArgumentException($"unknown --hash '{other}'"),
                },
                LdsVersion = parse.GetValue(lds) ?? string.Empty,
                UnicodeVersion = parse.GetValue(unicode) ?? string.Empty,
                DocumentNumber = parse.GetValue(documentNumber) ?? string.Empty,
            };
            foreach (var (number, file) in (parse.GetValue(contents) ?? []).Select(ParseAssignment))
            {
                request.DataGroups.Add(new DataGroup { Number = number, Content = ByteString.CopyFrom(File.ReadAllBytes(file)) });
            }

            foreach (var (number, hex) in (parse.GetValue(hashes) ?? []).Select(ParseAssignment))
            {
                request.DataGroups.Add(new DataGroup { Number = number, Hash = ByteString.CopyFrom(Convert.FromHexString(hex)) });
            }

            var response = await client.SignSecurityObjectAsync(request, call);
            var issuance = response.Issuance;
            Console.WriteLine($"credential {issuance.CredentialId}{(response.Replayed ? " (replayed: this request id was signed before)" : string.Empty)}");
            Console.WriteLine($"sod        sha256 {issuance.SecurityObjectSha256}, DG {string.Join(',', issuance.DataGroupNumbers)}, signed {issuance.SignedAt.ToDateTimeOffset():u} by key {issuance.SignerKeyId}");
            Write(parse.GetValue(output), issuance.SecurityObject);
        });
    }

    private static (int Number, string Value) ParseAssignment(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || !int.TryParse(text.AsSpan(0, eq), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new ArgumentException($"'{text}' is not N=VALUE");
        }

        return (number, text[(eq + 1)..]);
    }

    private static void PrintKey(SignerKey key)
    {
        Console.WriteLine($"key        {key.KeyId} {key.State} for {string.Join(',', key.DocumentTypes)} (HSM key '{key.KeyLabel}', {key.Certificate.KeyDescription})");
        Console.WriteLine($"{(key.SignerKind == SignerKind.SealSigner ? "seal cert " : "dsc       ")} {key.Certificate.Subject}\n           serial {key.Certificate.SerialNumber} sha256 {key.Certificate.FingerprintSha256}\n           "
            + $"valid {key.Certificate.NotBefore.ToDateTimeOffset():u} .. {key.Certificate.NotAfter.ToDateTimeOffset():u}, private key usage until {key.Certificate.PrivateKeyUsageNotAfter?.ToDateTimeOffset():u}");
    }

    private static void Write(string? path, ByteString bytes)
    {
        if (!string.IsNullOrEmpty(path))
        {
            File.WriteAllBytes(path, bytes.ToByteArray());
            Console.WriteLine($"wrote      {path} ({bytes.Length} bytes)");
        }
    }

    private static Duration? ToDuration(int? days) => days is { } value ? Duration.FromTimeSpan(TimeSpan.FromDays(value)) : null;

    private static SignerKind ParseKind(string? name) => name?.ToLowerInvariant() switch
    {
        null or "document" => SignerKind.DocumentSigner,
        "seal" => SignerKind.SealSigner,
        _ => throw new ArgumentException($"unknown --kind '{name}' (document|seal)"),
    };

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

    private static ServerCommand<DocumentSignerService.DocumentSignerServiceClient> Common(string name, string description, bool sideEffects = true) =>
        new("document-signer", invoker => new DocumentSignerService.DocumentSignerServiceClient(invoker), name, description, timeoutSeconds: 60, sideEffects: sideEffects);
}
