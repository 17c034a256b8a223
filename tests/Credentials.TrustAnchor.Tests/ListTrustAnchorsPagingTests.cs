using Credentials.Contracts.TrustAnchor.V1;
using Credentials.Core;
using Credentials.TrustAnchor.Application;

namespace Credentials.TrustAnchor.Tests;

public sealed class ListTrustAnchorsPagingTests
{
    [Fact]
    public void ParseToken_OwnToken_ReturnsOffset()
    {
        var hash = ListTrustAnchorsHandler.FilterHash(new ListTrustAnchorsRequest { Country = "DE" });
        Assert.Equal(150, ListTrustAnchorsHandler.ParseToken(ListTrustAnchorsHandler.Token(150, hash), hash));
    }

    [Fact]
    public void ParseToken_TokenOfOtherFilters_PageTokenInvalid()
    {
        var de = ListTrustAnchorsHandler.FilterHash(new ListTrustAnchorsRequest { Country = "DE" });
        var nl = ListTrustAnchorsHandler.FilterHash(new ListTrustAnchorsRequest { Country = "NL" });
        var error = Assert.Throws<CredentialsException>(() => ListTrustAnchorsHandler.ParseToken(ListTrustAnchorsHandler.Token(50, de), nl));
        Assert.Equal("PAGE_TOKEN_INVALID", error.Reason);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("MTI=")]
    public void ParseToken_Garbage_PageTokenInvalid(string token)
    {
        var error = Assert.Throws<CredentialsException>(() => ListTrustAnchorsHandler.ParseToken(token, "abc"));
        Assert.Equal("PAGE_TOKEN_INVALID", error.Reason);
    }
}
