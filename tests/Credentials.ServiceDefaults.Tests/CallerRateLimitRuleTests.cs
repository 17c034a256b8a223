using Credentials.ServiceDefaults.Tls;
using Credentials.ServiceDefaults.RateLimiting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials.ServiceDefaults.Tests;

public sealed class CallerRateLimitRuleTests
{
    [Fact]
    public void RuleFor_ExactMethodRule_WinsOverServiceWildcard()
    {
        using var interceptor = Create(new()
        {
            ["/credentials.pkd.v1.PkdService/*"] = new TokenBucketRule { PermitsPerSecond = 50, Burst = 100 },
            ["/credentials.pkd.v1.PkdService/ExportLdif"] = new TokenBucketRule { PermitsPerSecond = 1, Burst = 2 },
        });

        Assert.Equal(1, interceptor.RuleFor("/credentials.pkd.v1.PkdService/ExportLdif")!.PermitsPerSecond);
        Assert.Equal(50, interceptor.RuleFor("/credentials.pkd.v1.PkdService/ListSources")!.PermitsPerSecond);
    }

    [Fact]
    public void RuleFor_MethodWithoutRule_IsUnlimited()
    {
        using var interceptor = Create(new() { ["/credentials.pkd.v1.PkdService/*"] = new TokenBucketRule() });
        Assert.Null(interceptor.RuleFor("/credentials.csca.v1.CscaService/CreateCsca"));
    }

    private static CallerRateLimitInterceptor Create(Dictionary<string, TokenBucketRule> rules) =>
        new(
            Options.Create(new CallerRateLimitOptions { Rules = rules }),
            new CallerIdentityCache(),
            Options.Create(new ServiceIdentityOptions { Name = "pkd" }),
            NullLogger<CallerRateLimitInterceptor>.Instance);
}
