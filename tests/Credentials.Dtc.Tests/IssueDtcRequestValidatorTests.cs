using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Dtc.V1;
using Credentials.Core;
using Credentials.Dtc.Application;
using Credentials.Dtc.Options;
using Google.Protobuf;

namespace Credentials.Dtc.Tests;

public sealed class IssueDtcRequestValidatorTests
{
    private static readonly DtcOptions Options = new();

    [Fact]
    public void Validate_ValidRequest_ReturnsGroupsByNumber()
    {
        var groups = IssueDtcRequestValidator.Validate(Request((14, [0x6E, 0x00]), (1, [0x61, 0x00]), (2, [0x75, 0x00])), Options);

        Assert.Equal([1, 2, 14], groups.Keys);
    }

    [Theory]
    [InlineData("missing-request-id", "REQUEST_ID_MISSING")]
    [InlineData("no-sod", "FIELD_REQUIRED")]
    [InlineData("not-0x77", "SOD_MALFORMED")]
    [InlineData("no-dg2", "DATA_GROUP_REQUIRED")]
    [InlineData("dg17", "DATA_GROUP_NUMBER_INVALID")]
    [InlineData("dg0", "DATA_GROUP_NUMBER_INVALID")]
    [InlineData("duplicate", "DATA_GROUP_DUPLICATE")]
    [InlineData("empty-dg", "FIELD_REQUIRED")]
    [InlineData("validity-too-long", "VALIDITY_PERIOD_INVALID")]
    [InlineData("validity-negative", "VALIDITY_PERIOD_INVALID")]
    [InlineData("long-request-id", "FIELD_INVALID")]
    [InlineData("pc-bound-with-sod", "FIELD_INVALID")]
    [InlineData("pc-id-on-emrtd-bound", "FIELD_INVALID")]
    [InlineData("pc-id-too-long", "FIELD_INVALID")]
    public void Validate_InvalidRequest_ThrowsInvalidArgumentWithReason(string variant, string reason)
    {
        var request = Request((1, [0x61, 0x00]), (2, [0x75, 0x00]));
        switch (variant)
        {
            case "missing-request-id":
                request.RequestId = string.Empty;
                break;
            case "no-sod":
                request.SecurityObject = ByteString.Empty;
                break;
            case "not-0x77":
                request.SecurityObject = ByteString.CopyFrom(0x30, 0x00);
                break;
            case "no-dg2":
                request.DataGroups.RemoveAt(1);
                break;
            case "dg17":
                request.DataGroups.Add(new DataGroupContent { Number = 17, Content = ByteString.CopyFrom(0x01) });
                break;
            case "dg0":
                request.DataGroups.Add(new DataGroupContent { Number = 0, Content = ByteString.CopyFrom(0x01) });
                break;
            case "duplicate":
                request.DataGroups.Add(new DataGroupContent { Number = 1, Content = ByteString.CopyFrom(0x61, 0x00) });
                break;
            case "empty-dg":
                request.DataGroups.Add(new DataGroupContent { Number = 3 });
                break;
            case "validity-too-long":
                request.Validity = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(Options.MaxValidity + TimeSpan.FromDays(1));
                break;
            case "validity-negative":
                request.Validity = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(-1));
                break;
            case "long-request-id":
                request.RequestId = new string('r', Options.MaxRequestIdLength + 1);
                break;
            case "pc-bound-with-sod":
                request.Binding = DtcBinding.PcBound;
                break;
            case "pc-id-on-emrtd-bound":
                request.PhysicalComponentIdentifier = ByteString.CopyFrom(1, 2, 3);
                break;
            case "pc-id-too-long":
                request.Binding = DtcBinding.EmrtdPcBound;
                request.PhysicalComponentIdentifier = ByteString.CopyFrom(new byte[IssueDtcRequestValidator.MaxPhysicalComponentIdentifierBytes + 1]);
                break;
        }

        var error = Assert.Throws<CredentialsException>(() => IssueDtcRequestValidator.Validate(request, Options));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Validate_PcBoundWithoutSecurityObject_ReturnsGroups()
    {
        var request = Request((1, [0x61, 0x00]), (2, [0x75, 0x00]));
        request.SecurityObject = ByteString.Empty;
        request.Binding = DtcBinding.PcBound;
        request.PhysicalComponentIdentifier = ByteString.CopyFrom(1, 2, 3, 4);

        var groups = IssueDtcRequestValidator.Validate(request, Options);

        Assert.Equal([1, 2], groups.Keys);
        Assert.Equal(DtcBinding.PcBound, IssueDtcRequestValidator.BindingOf(request));
    }

    [Fact]
    public void BindingOf_Unspecified_EmrtdBound()
    {
        Assert.Equal(DtcBinding.EmrtdBound, IssueDtcRequestValidator.BindingOf(new IssueDtcRequest()));
    }

    [Fact]
    public void Validate_DataGroupAboveLimit_ThrowsPayloadTooLarge()
    {
        var options = new DtcOptions { MaxDataGroupBytes = 1024 };
        var request = Request((1, [0x61, 0x00]), (2, new byte[1025]));

        Assert.Equal("PAYLOAD_TOO_LARGE", Assert.Throws<CredentialsException>(() => IssueDtcRequestValidator.Validate(request, options)).Reason);
    }

    private static IssueDtcRequest Request(params (int Number, byte[] Content)[] groups)
    {
        var request = new IssueDtcRequest { RequestId = Guid.NewGuid().ToString("D"), SecurityObject = ByteString.CopyFrom(0x77, 0x03, 0x30, 0x01, 0x00) };
        request.DataGroups.AddRange(groups.Select(g => new DataGroupContent { Number = g.Number, Content = ByteString.CopyFrom(g.Content) }));
        return request;
    }
}
