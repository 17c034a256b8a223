using Credentials.Contracts.DocumentSigner.V1;
using Credentials.Core;
using Credentials.DocumentSigner.Application;
using Credentials.Icao9303.Vds;
using Google.Protobuf;

namespace Credentials.DocumentSigner.Tests;

public sealed class SealRequestValidatorTests
{
    // Doc 9303 Part 7 Appendix: the MRV-A specimen, its first 72 MRZ characters (what the visa profile's tag 0x01 holds).
    private const string MrvA72 = "VCUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C<3UTO6908061F9406236";

    public static SignVisibleSealRequest Visa(Action<VdsContent>? edit = null)
    {
        var content = new VdsContent { Profile = VdsProfile.Visa, IssuingCountry = "UTO", DocumentIssueDate = "2026-12-01" };
        content.Features.Add(new VdsFeatureValue { Tag = 0x01, Text = MrvA72 });
        content.Features.Add(new VdsFeatureValue { Tag = 0x04, Binary = ByteString.CopyFrom(30, 0, 0) });
        content.Features.Add(new VdsFeatureValue { Tag = 0x05, Text = "L898902C<" });
        edit?.Invoke(content);
        return new SignVisibleSealRequest { RequestId = "seal-1", DocumentType = "V", Vds = content };
    }

    [Fact]
    public void Validate_VisaWithTextAndBinaryFeatures_C40EncodedInOrder()
    {
        var validated = SealRequestValidator.Validate(Visa(), 128);

        Assert.Equal(SealFormat.Vds, validated.Format);
        Assert.Same(VdsDocumentProfile.Visa, validated.Profile);
        Assert.Equal(new DateOnly(2026, 12, 1), validated.DocumentIssueDate);
        Assert.Equal([0x01, 0x04, 0x05], validated.Features.Select(f => f.Tag));
        Assert.Equal(48, validated.Features[0].Value.Length);
        Assert.Equal(MrvA72, validated.Features[0].ValueAsC40());
        Assert.Equal("visa", validated.ProfileName);
    }

    [Theory]
    [InlineData("missing-mrz", "SEAL_CONTENT_INVALID")]
    [InlineData("unknown-tag", "SEAL_CONTENT_INVALID")]
    [InlineData("wrong-length", "SEAL_CONTENT_INVALID")]
    [InlineData("text-for-binary", "FIELD_INVALID")]
    [InlineData("tag-255", "FIELD_INVALID")]
    [InlineData("country", "FIELD_INVALID")]
    [InlineData("date", "FIELD_INVALID")]
    [InlineData("no-profile", "FIELD_REQUIRED")]
    public void Validate_VisaContentBroken_InvalidArgumentWithReason(string broken, string reason)
    {
        var request = Visa(content =>
        {
            switch (broken)
            {
                case "missing-mrz":
                    content.Features.RemoveAt(0);
                    break;
                case "unknown-tag":
                    content.Features.Add(new VdsFeatureValue { Tag = 0x42, Binary = ByteString.CopyFrom(1) });
                    break;
                case "wrong-length":
                    content.Features[1].Binary = ByteString.CopyFrom(30, 0);
                    break;
                case "text-for-binary":
                    content.Features[1].Text = "30";
                    break;
                case "tag-255":
                    content.Features.Add(new VdsFeatureValue { Tag = 0xFF, Binary = ByteString.CopyFrom(1) });
                    break;
                case "country":
                    content.IssuingCountry = "ut";
                    break;
                case "date":
                    content.DocumentIssueDate = "01.12.2026";
                    break;
                case "no-profile":
                    content.Profile = VdsProfile.Unspecified;
                    break;
            }
        });

        var error = Assert.Throws<CredentialsException>(() => SealRequestValidator.Validate(request, 128));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Validate_NoContentOrRequestIdOrDocumentType_Refused()
    {
        var noContent = new SignVisibleSealRequest { RequestId = "r", DocumentType = "V" };
        var noRequestId = Visa();
        noRequestId.RequestId = string.Empty;
        var badType = Visa();
        badType.DocumentType = "v1";

        Assert.Equal("FIELD_REQUIRED", Assert.Throws<CredentialsException>(() => SealRequestValidator.Validate(noContent, 128)).Reason);
        Assert.Equal("REQUEST_ID_MISSING", Assert.Throws<CredentialsException>(() => SealRequestValidator.Validate(noRequestId, 128)).Reason);
        Assert.Equal("DOCUMENT_TYPE_INVALID", Assert.Throws<CredentialsException>(() => SealRequestValidator.Validate(badType, 128)).Reason);
    }

    [Fact]
    public void Validate_VdsNcObjectMessage_HeaderAndMessageKept()
    {
        var request = new SignVisibleSealRequest
        {
            RequestId = "nc-1",
            DocumentType = "V",
            VdsNc = new VdsNcContent { Type = "icao.test", Version = 1, IssuingCountry = "UTO", MessageJson = "{\"pid\":{\"n\":\"ERIKSSON ANNA\"}}" },
        };

        var validated = SealRequestValidator.Validate(request, 128);

        Assert.Equal(SealFormat.VdsNc, validated.Format);
        Assert.Equal(new VdsNcHeader("icao.test", 1, "UTO"), validated.VdsNcHeader);
        Assert.Equal("ERIKSSON ANNA", validated.VdsNcMessage.GetProperty("pid").GetProperty("n").GetString());
    }

    [Theory]
    [InlineData("[1,2]", "SEAL_CONTENT_INVALID")]
    [InlineData("{not json", "SEAL_CONTENT_INVALID")]
    [InlineData("", "FIELD_REQUIRED")]
    public void Validate_VdsNcMessageNotAnObject_Refused(string json, string reason)
    {
        var request = new SignVisibleSealRequest
        {
            RequestId = "nc-2",
            DocumentType = "V",
            VdsNc = new VdsNcContent { Type = "icao.test", Version = 1, IssuingCountry = "UTO", MessageJson = json },
        };

        Assert.Equal(reason, Assert.Throws<CredentialsException>(() => SealRequestValidator.Validate(request, 128)).Reason);
    }

    // Doc 9303 Part 4 Appendix: the TD3 specimen's MRZ, 88 characters (IDB message type 0x08 MRZ_TD3, 60 bytes of C40).
    private const string Td3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    public static SignVisibleSealRequest Idb(Action<IdbContent>? edit = null)
    {
        var content = new IdbContent { IssuingCountry = "UTO", EmbedSignerCertificate = true };
        content.Messages.Add(new IdbMessageValue { Type = 0x08, Text = Td3 });
        content.Messages.Add(new IdbMessageValue { Type = 0x09, Text = "123456" });
        edit?.Invoke(content);
        return new SignVisibleSealRequest { RequestId = "idb-1", DocumentType = "P", Idb = content };
    }

    [Fact]
    public void Validate_IdbMrzAndCan_C40EncodedAndOptionsKept()
    {
        var validated = SealRequestValidator.Validate(Idb(c => c.Compress = true), 128);

        Assert.Equal(SealFormat.Idb, validated.Format);
        Assert.Equal("UTO", validated.IssuingCountry);
        Assert.Equal([0x08, 0x09], validated.IdbMessages.Select(m => m.Tag));
        Assert.Equal(60, validated.IdbMessages[0].Value.Length);
        Assert.Equal(Td3, validated.IdbMessages[0].ValueAsC40());
        Assert.True(validated.IdbEmbedSignerCertificate);
        Assert.True(validated.IdbCompress);
        Assert.Equal("idb", validated.ProfileName);
    }

    [Theory]
    [InlineData("unknown-type", "SEAL_CONTENT_INVALID")]
    [InlineData("wrong-length", "SEAL_CONTENT_INVALID")]
    [InlineData("duplicate", "SEAL_CONTENT_INVALID")]
    [InlineData("national-type-other-country", "SEAL_CONTENT_INVALID")]
    [InlineData("text-for-binary", "FIELD_INVALID")]
    [InlineData("type-255", "FIELD_INVALID")]
    [InlineData("country", "FIELD_INVALID")]
    [InlineData("no-messages", "FIELD_REQUIRED")]
    public void Validate_IdbContentBroken_InvalidArgumentWithReason(string broken, string reason)
    {
        var request = Idb(content =>
        {
            switch (broken)
            {
                case "unknown-type":
                    content.Messages.Add(new IdbMessageValue { Type = 0x42, Binary = ByteString.CopyFrom(1) });
                    break;
                case "wrong-length":
                    content.Messages[0] = new IdbMessageValue { Type = 0x08, Binary = ByteString.CopyFrom(new byte[59]) };
                    break;
                case "duplicate":
                    content.Messages.Add(new IdbMessageValue { Type = 0x09, Text = "654321" });
                    break;
                case "national-type-other-country":
                    content.Messages.Add(new IdbMessageValue { Type = 0x86, Binary = ByteString.CopyFrom(0x10) });
                    break;
                case "text-for-binary":
                    content.Messages.Add(new IdbMessageValue { Type = 0x0A, Text = "ABC" });
                    break;
                case "type-255":
                    content.Messages.Add(new IdbMessageValue { Type = 0xFF, Binary = ByteString.CopyFrom(1) });
                    break;
                case "country":
                    content.IssuingCountry = "ut";
                    break;
                case "no-messages":
                    content.Messages.Clear();
                    break;
            }
        });

        var ex = Assert.Throws<CredentialsException>(() => SealRequestValidator.Validate(request, 128));

        Assert.Equal(ErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(reason, ex.Reason);
    }
}
