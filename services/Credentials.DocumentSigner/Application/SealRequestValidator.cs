using System.Globalization;
using System.Text;
using System.Text.Json;
using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Core;
using Credentials.Icao9303;
using Credentials.Icao9303.Vds;
using Credentials.Icao9303.Vds.Idb;

namespace Credentials.DocumentSigner.Application;

/// <summary>
/// Checks a SignVisibleSeal request before anything is signed. Pure. A VDS message zone is checked against its document
/// profile with the codec's own rule (<see cref="VdsDocumentProfile.Validate"/>, Doc 9303 Part 13 §2.3) and the whole
/// signed data is encoded once (<see cref="VisibleDigitalSeal.EncodeSignedData"/>), so a seal that could not be decoded
/// is refused here; a VDS-NC header and message go through <see cref="VdsNcSeal.EncodeSignedData"/> (TR VDS-NC §3); an IDB
/// message group through <see cref="IdbBarcode.EncodeSignedData"/> and the message type rule <see cref="IdbMessageType.Validate"/>.
/// Codec refusals become <c>SEAL_CONTENT_INVALID</c> with the codec reason in the message.
/// </summary>
internal static class SealRequestValidator
{
    /// <summary>Largest data.msg accepted (a QR code holds at most 2,953 bytes; the signer certificate travels too).</summary>
    public const int MaxMessageJsonBytes = 8 * 1024;

    private static readonly VdsHeader ProbeHeader = new()
    {
        Version = VdsHeaderVersion.Version4,
        IssuingCountry = "UTO",
        SignerIdentifier = "UTSS",
        CertificateReference = "0",
        DocumentIssueDate = new DateOnly(2000, 1, 1),
        SignatureCreationDate = new DateOnly(2000, 1, 1),
        DocumentFeatureDefinitionReference = 0,
        DocumentTypeCategory = 0,
    };

    /// <summary>Validates <paramref name="request"/>; throws a <see cref="CredentialsException"/> (InvalidArgument with a reason) on the first problem.</summary>
    public static ValidatedSealRequest Validate(SignVisibleSealRequest request, int maxRequestIdLength)
    {
        ArgumentNullException.ThrowIfNull(request);
        SignRequestValidator.ValidateRequestId(request.RequestId, maxRequestIdLength);
        SignRequestValidator.ValidateDocumentType(request.DocumentType, "document_type");
        return request.ContentCase switch
        {
            SignVisibleSealRequest.ContentOneofCase.Vds => ValidateVds(request, request.Vds),
            SignVisibleSealRequest.ContentOneofCase.VdsNc => ValidateVdsNc(request, request.VdsNc),
            SignVisibleSealRequest.ContentOneofCase.Idb => ValidateIdb(request, request.Idb),
            _ => throw DocumentSignerErrors.FieldRequired("vds, vds_nc or idb"),
        };
    }

    private static ValidatedSealRequest ValidateVds(SignVisibleSealRequest request, VdsContent content)
    {
        var profile = content.Profile switch
        {
            VdsProfile.Visa => VdsDocumentProfile.Visa,
            VdsProfile.EmergencyTravelDocument => VdsDocumentProfile.EmergencyTravelDocument,
            VdsProfile.ArrivalAttestation => VdsDocumentProfile.ArrivalAttestation,
            VdsProfile.ResidencePermit => VdsDocumentProfile.ResidencePermit,
            VdsProfile.Unspecified => throw DocumentSignerErrors.FieldRequired("vds.profile"),
            _ => throw DocumentSignerErrors.FieldInvalid("vds.profile", "unknown value."),
        };
        var country = Country(content.IssuingCountry, "vds.issuing_country");
        DateOnly? issued = null;
        if (content.DocumentIssueDate.Length > 0)
        {
            issued = DateOnly.TryParseExact(content.DocumentIssueDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw DocumentSignerErrors.FieldInvalid("vds.document_issue_date", "not a date YYYY-MM-DD.");
        }

        if (content.Features.Count == 0)
        {
            throw DocumentSignerErrors.FieldRequired("vds.features");
        }

        var features = new List<VdsFeature>(content.Features.Count);
        foreach (var feature in content.Features)
        {
            if (feature.Tag is 0 or >= VisibleDigitalSeal.SignatureMarker)
            {
                throw DocumentSignerErrors.FieldInvalid("vds.features.tag", $"{feature.Tag} is outside 1..254.");
            }

            var tag = (byte)feature.Tag;
            var definition = profile.Definition(tag);
            features.Add(feature.ValueCase switch
            {
                VdsFeatureValue.ValueOneofCase.Binary => new VdsFeature(tag, feature.Binary.ToByteArray()),
                VdsFeatureValue.ValueOneofCase.Text => definition?.Coding switch
                {
                    VdsFeatureCoding.C40 or VdsFeatureCoding.Mrz => Codec(() => VdsFeature.FromC40(tag, feature.Text)),
                    VdsFeatureCoding.Utf8 => new VdsFeature(tag, Encoding.UTF8.GetBytes(feature.Text)),
                    _ => throw DocumentSignerErrors.FieldInvalid("vds.features.text", $"feature 0x{tag:X2} of the {profile.Name} profile is not text; give it as binary."),
                },
                _ => throw DocumentSignerErrors.FieldRequired($"vds.features[0x{tag:X2}].binary or text"),
            });
        }

        // The profile's rule (tags, lengths, codings, required features) and the encoder's (duplicates, size bound).
        Codec(() => profile.Validate(features));
        Codec(() => VisibleDigitalSeal.EncodeSignedData(ProbeHeader with { IssuingCountry = country }, features));
        return new ValidatedSealRequest
        {
            RequestId = request.RequestId,
            DocumentType = request.DocumentType,
            Format = SealFormat.Vds,
            IssuingCountry = country,
            Profile = profile,
            DocumentIssueDate = issued,
            Features = features,
        };
    }

    private static ValidatedSealRequest ValidateVdsNc(SignVisibleSealRequest request, VdsNcContent content)
    {
        var country = Country(content.IssuingCountry, "vds_nc.issuing_country");
        if (content.Type.Length == 0)
        {
            throw DocumentSignerErrors.FieldRequired("vds_nc.type");
        }

        if (content.MessageJson.Length == 0)
        {
            throw DocumentSignerErrors.FieldRequired("vds_nc.message_json");
        }

        if (Encoding.UTF8.GetByteCount(content.MessageJson) > MaxMessageJsonBytes)
        {
            throw DocumentSignerErrors.Invalid("PAYLOAD_TOO_LARGE", $"vds_nc.message_json is larger than {MaxMessageJsonBytes} bytes.");
        }

        JsonElement message;
        try
        {
            using var document = JsonDocument.Parse(content.MessageJson, new JsonDocumentOptions { MaxDepth = 14 });
            message = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new CredentialsException(ErrorKind.InvalidArgument, "SEAL_CONTENT_INVALID", $"vds_nc.message_json is not JSON (vdsnc.json-invalid): {ex.Message}");
        }

        var header = new VdsNcHeader(content.Type, content.Version, country);
        Codec(() => VdsNcSeal.EncodeSignedData(header, message));
        return new ValidatedSealRequest
        {
            RequestId = request.RequestId,
            DocumentType = request.DocumentType,
            Format = SealFormat.VdsNc,
            IssuingCountry = country,
            VdsNcHeader = header,
            VdsNcMessage = message,
        };
    }

    /// <summary>
    /// An IDB: country, messages (text only for C40-coded types), then the codec's rules — the message group as it will
    /// be signed (duplicates, lengths) and each message against its type — on a barcode with a placeholder signature.
    /// </summary>
    private static ValidatedSealRequest ValidateIdb(SignVisibleSealRequest request, IdbContent content)
    {
        var country = Country(content.IssuingCountry, "idb.issuing_country");
        if (content.Messages.Count == 0)
        {
            throw DocumentSignerErrors.FieldRequired("idb.messages");
        }

        var messages = new List<IdbMessage>(content.Messages.Count);
        foreach (var message in content.Messages)
        {
            if (message.Type is 0 or > 0xFE)
            {
                throw DocumentSignerErrors.FieldInvalid("idb.messages.type", $"{message.Type} is outside 1..254.");
            }

            var tag = (byte)message.Type;
            messages.Add(message.ValueCase switch
            {
                IdbMessageValue.ValueOneofCase.Binary => new IdbMessage(tag, message.Binary.ToByteArray()),
                IdbMessageValue.ValueOneofCase.Text => IdbMessageType.Find(tag, country)?.Coding is VdsFeatureCoding.C40 or VdsFeatureCoding.Mrz
                    ? Codec(() => IdbMessage.FromC40(tag, message.Text))
                    : throw DocumentSignerErrors.FieldInvalid("idb.messages.text", $"message type 0x{tag:X2} is not coded in C40; give it as binary."),
                _ => throw DocumentSignerErrors.FieldRequired($"idb.messages[0x{tag:X2}].binary or text"),
            });
        }

        var probe = new IdbHeader
        {
            CountryIdentifier = country,
            SignatureAlgorithm = IdbSignatureAlgorithm.EcdsaSha256,
            CertificateReference = new byte[IdbHeader.CertificateReferenceLength],
            SignatureCreationDate = new DateOnly(2000, 1, 1),
        };
        Codec(() => IdbMessageType.Validate(IdbBarcode.Create(IdbBarcode.EncodeSignedData(probe, messages), new byte[64], compress: content.Compress)));
        return new ValidatedSealRequest
        {
            RequestId = request.RequestId,
            DocumentType = request.DocumentType,
            Format = SealFormat.Idb,
            IssuingCountry = country,
            IdbMessages = messages,
            IdbEmbedSignerCertificate = content.EmbedSignerCertificate,
            IdbCompress = content.Compress,
        };
    }

    /// <summary>Doc 9303 Part 3 three-letter code (A-Z, filler '&lt;').</summary>
    private static string Country(string value, string field)
    {
        if (value.Length == 0)
        {
            throw DocumentSignerErrors.FieldRequired(field);
        }

        return value.Length == 3 && value.All(c => c is (>= 'A' and <= 'Z') or '<')
            ? value
            : throw DocumentSignerErrors.FieldInvalid(field, "three characters A-Z or '<' (Doc 9303 Part 3).");
    }

    private static T Codec<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Icao9303FormatException ex)
        {
            throw SealContentInvalid(ex);
        }
    }

    private static void Codec(Action action) => Codec(() =>
    {
        action();
        return true;
    });

    /// <summary>A codec refusal as the RPC reports it.</summary>
    public static CredentialsException SealContentInvalid(Icao9303FormatException exception) =>
        new(ErrorKind.InvalidArgument, "SEAL_CONTENT_INVALID", $"{exception.Message} ({exception.Reason})", exception);
}
