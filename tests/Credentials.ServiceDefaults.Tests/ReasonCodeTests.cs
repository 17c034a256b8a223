using Credentials.ServiceDefaults.Grpc;

namespace Credentials.ServiceDefaults.Tests;

public sealed class ReasonCodeTests
{
    [Theory]
    [InlineData("sod.trailing-data", "SOD_TRAILING_DATA")]
    [InlineData("format.invalid", "FORMAT_INVALID")]
    [InlineData("ldif.base64", "LDIF_BASE64")]
    public void ToReasonCode_LibraryReason_BecomesUpperSnakeCase(string reason, string expected)
    {
        Assert.Equal(expected, ExceptionMappingInterceptor.ToReasonCode(reason));
    }
}
