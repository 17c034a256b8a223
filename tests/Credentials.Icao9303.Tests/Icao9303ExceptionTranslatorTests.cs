using Credentials.Core;
using Credentials.Icao9303.Issuance;

namespace Credentials.Icao9303.Tests;

public sealed class Icao9303ExceptionTranslatorTests
{
    [Fact]
    public void Translate_FormatException_InvalidArgumentWithWireReason()
    {
        var format = new Icao9303FormatException("sod.trailing-data", "Trailing data after the SOD.");

        var error = new Icao9303ExceptionTranslator().Translate(format);

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("SOD_TRAILING_DATA", error.Reason);
        Assert.Same(format, error.InnerException);
    }

    [Fact]
    public void Translate_IssuerNotUsable_FailedPreconditionCscaNotActive()
    {
        var error = new Icao9303ExceptionTranslator().Translate(
            new IssuanceRejectedException(IssuanceRejectedException.IssuerNotUsable, "The CSCA key is outside its private key usage period."));

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Equal("CSCA_NOT_ACTIVE", error.Reason);
    }

    [Theory]
    [InlineData(IssuanceRejectedException.CsrMalformed)]
    [InlineData(IssuanceRejectedException.DocumentTypeInvalid)]
    [InlineData(IssuanceRejectedException.ValidityPeriodInvalid)]
    public void Translate_RequestRejected_InvalidArgumentWithItsReason(string reason)
    {
        var error = new Icao9303ExceptionTranslator().Translate(new IssuanceRejectedException(reason, "refused"));

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Translate_OtherLibraryException_Null() =>
        Assert.Null(new Icao9303ExceptionTranslator().Translate(new FormatException("not ours")));

    [Theory]
    [InlineData("sod.trailing-data", "SOD_TRAILING_DATA")]
    [InlineData("format.invalid", "FORMAT_INVALID")]
    [InlineData("ldif.base64", "LDIF_BASE64")]
    public void ToReasonCode_LibraryReason_BecomesUpperSnakeCase(string reason, string expected) =>
        Assert.Equal(expected, Icao9303ExceptionTranslator.ToReasonCode(reason));
}
