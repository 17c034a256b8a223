using System.CommandLine;
using System.Globalization;
using Credentials.Cli.Connection;
using Credentials.Contracts.DocumentSigner.V1;
using Google.Protobuf;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credctl seal issue --doc-type T (--profile visa|emergency-travel-document|arrival-attestation|residence-permit
/// --country C --feature TAG=text:VALUE|TAG=hex:HEX ... | --vds-nc-type T --country C --message FILE | --format idb
/// --country C --feature TYPE=text:VALUE|TYPE=hex:HEX ... [--embed-signer] [--compress]) --out FILE [--png FILE]
/// [--signer-out FILE]</c>: document-signer's SignVisibleSeal (the seal-signer key for the document type signs in the
/// HSM), writing the seal bytes, its barcode PNG and the signer certificate. Exit codes as the other server commands.
/// </summary>
internal static class SealIssueCommand
{
    public static Command Create()
    {
        var common = new ServerCommand<DocumentSignerService.DocumentSignerServiceClient>(
            "document-signer", invoker => new DocumentSignerService.DocumentSignerServiceClient(invoker), "issue",
            "Have document-signer sign a Visible Digital Seal (VDS), a VDS-NC or an IDB barcode with its seal-signer key", timeoutSeconds: 60, sideEffects: true);
        var documentType = common.Required("--doc-type", "document type the seal-signer key covers, e.g. V");
        var format = common.Text("--format", "vds (default, or vds-nc with --vds-nc-type) or idb (ICAO Datastructure for Barcode: --feature gives its messages)");
        var embedSigner = common.Add(new Option<bool>("--embed-signer") { Description = "IDB: embed the signer certificate (tag 0x7E)" });
        var compress = common.Add(new Option<bool>("--compress") { Description = "IDB: compress the payload with zlib" });
        var profile = common.Text("--profile", "VDS profile: visa|emergency-travel-document|arrival-attestation|residence-permit");
        var vdsNcType = common.Text("--vds-nc-type", "VDS-NC instead of a VDS: data.hdr.t, e.g. icao.test");
        var vdsNcVersion = common.Add(new Option<int>("--vds-nc-version") { Description = "VDS-NC data.hdr.v", DefaultValueFactory = _ => 1 });
        var country = common.Required("--country", "issuing State, three characters, e.g. UTO");
        var issueDate = common.Text("--issue-date", "VDS document issue date YYYY-MM-DD (default: the signing date)");
        var features = common.Add(new Option<string[]>("--feature")
        {
            Description = "VDS feature (or IDB message) TAG=text:VALUE (C40/UTF-8) or TAG=hex:HEX (binary), TAG in hex, e.g. 01=text:VCUTO... (repeatable, in order)",
            AllowMultipleArgumentsPerToken = true,
        });
        var message = common.Text("--message", "VDS-NC data.msg: a file holding a JSON object");
        var output = common.Required("--out", "write the seal (VDS bytes, VDS-NC JSON or IDB text) to this file");
        var png = common.Text("--png", "write the barcode (DataMatrix for a VDS, QR for a VDS-NC or an IDB) as PNG to this file");
        var signerOut = common.Text("--signer-out", "write the seal signer certificate (DER) to this file");
        return common.Run(async (parse, client, call) =>
        {
            var request = new SignVisibleSealRequest { DocumentType = parse.GetValue(documentType)! };
            var idb = (parse.GetValue(format) ?? "vds").ToLowerInvariant() switch
            {
                "idb" => true,
                "vds" or "vds-nc" => false,
                var other => throw new ArgumentException($"unknown --format '{other}' (vds, vds-nc or idb)"),
            };
            if (!idb && (parse.GetValue(embedSigner) || parse.GetValue(compress)))
            {
                throw new ArgumentException("--embed-signer and --compress belong to --format idb");
            }

            if (idb)
            {
                if (parse.GetValue(profile) is not null || parse.GetValue(vdsNcType) is not null)
                {
                    throw new ArgumentException("--format idb takes its messages from --feature: --profile and --vds-nc-type belong to a VDS / VDS-NC");
                }

                var content = new IdbContent
                {
                    IssuingCountry = parse.GetValue(country)!,
                    EmbedSignerCertificate = parse.GetValue(embedSigner),
                    Compress = parse.GetValue(compress),
                };
                foreach (var feature in (parse.GetValue(features) ?? []).Select(ParseFeature))
                {
                    content.Messages.Add(feature.ValueCase == VdsFeatureValue.ValueOneofCase.Text
                        ? new IdbMessageValue { Type = feature.Tag, Text = feature.Text }
                        : new IdbMessageValue { Type = feature.Tag, Binary = feature.Binary });
                }

                request.Idb = content;
            }
            else if (parse.GetValue(vdsNcType) is { } type)
            {
                if (parse.GetValue(profile) is not null || (parse.GetValue(features) ?? []).Length > 0)
                {
                    throw new ArgumentException("--vds-nc-type makes a VDS-NC: --profile and --feature belong to a VDS");
                }

                var messageFile = parse.GetValue(message) ?? throw new ArgumentException("a VDS-NC needs --message FILE (a JSON object)");
                request.VdsNc = new VdsNcContent
                {
                    Type = type,
                    Version = parse.GetValue(vdsNcVersion),
                    IssuingCountry = parse.GetValue(country)!,
                    MessageJson = await File.ReadAllTextAsync(messageFile, call.CancellationToken),
                };
            }
            else
            {
                var content = new VdsContent
                {
                    Profile = ParseProfile(parse.GetValue(profile) ?? throw new ArgumentException("give --profile (a VDS) or --vds-nc-type (a VDS-NC)")),
                    IssuingCountry = parse.GetValue(country)!,
                    DocumentIssueDate = parse.GetValue(issueDate) ?? string.Empty,
                };
                content.Features.AddRange((parse.GetValue(features) ?? []).Select(ParseFeature));
                request.Vds = content;
            }

            request.RequestId = common.RequestId(parse);
            var response = await client.SignVisibleSealAsync(request, call);
            Console.WriteLine($"seal       {response.SealId} {response.Format}{(response.Replayed ? " (replayed: this request id was signed before)" : string.Empty)}");
            Console.WriteLine($"           sha256 {response.SealSha256}, {response.Seal.Length} bytes, signed {response.SignedAt.ToDateTimeOffset():u} by key {response.SignerKeyId}");
            Console.WriteLine($"signer     {response.SignerCertificate.Subject} serial {response.SignerCertificate.SerialNumber}");
            await WriteAsync(parse.GetValue(output), response.Seal, call.CancellationToken);
            await WriteAsync(parse.GetValue(png), response.BarcodePng, call.CancellationToken);
            await WriteAsync(parse.GetValue(signerOut), response.SignerCertificate.Der, call.CancellationToken);
        });
    }

    private static VdsProfile ParseProfile(string name) => name.ToLowerInvariant() switch
    {
        "visa" => VdsProfile.Visa,
        "emergency-travel-document" => VdsProfile.EmergencyTravelDocument,
        "arrival-attestation" => VdsProfile.ArrivalAttestation,
        "residence-permit" => VdsProfile.ResidencePermit,
        _ => throw new ArgumentException($"unknown --profile '{name}'"),
    };

    /// <summary><c>TAG=text:VALUE</c> or <c>TAG=hex:HEX</c>, TAG in hex.</summary>
    private static VdsFeatureValue ParseFeature(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || !uint.TryParse(text.AsSpan(0, eq), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var tag))
        {
            throw new ArgumentException($"--feature '{text}' is not TAG=text:VALUE or TAG=hex:HEX");
        }

        var value = text[(eq + 1)..];
        if (value.StartsWith("text:", StringComparison.Ordinal))
        {
            return new VdsFeatureValue { Tag = tag, Text = value["text:".Length..] };
        }

        if (value.StartsWith("hex:", StringComparison.Ordinal))
        {
            return new VdsFeatureValue { Tag = tag, Binary = ByteString.CopyFrom(Convert.FromHexString(value["hex:".Length..])) };
        }

        throw new ArgumentException($"--feature '{text}': the value starts with text: or hex:");
    }

    private static async Task WriteAsync(string? path, ByteString bytes, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(path))
        {
            await File.WriteAllBytesAsync(path, bytes.ToByteArray(), cancellationToken);
            Console.WriteLine($"wrote      {path} ({bytes.Length} bytes)");
        }
    }
}
