using Credentials.ServiceDefaults.Authorization;

namespace Credentials.ServiceDefaults.Tests;

public sealed class CallerAuthorizationPolicyTests
{
    private static readonly CallerAuthorizationOptions Options = new()
    {
        Rules = new Dictionary<string, string[]>
        {
            ["/credentials.csca.v1.CscaService/*"] = ["admin"],
            ["/credentials.csca.v1.CscaService/IssueSignerCertificate"] = ["document-signer"],
        },
        DevelopmentIdentities = ["tests"],
    };

    [Fact]
    public void IsAllowed_MethodWithoutRule_Denies()
    {
        var policy = new CallerAuthorizationPolicy(Options, isDevelopment: false);
        Assert.False(policy.IsAllowed("/credentials.pkd.v1.PkdService/SyncNow", "admin"));
    }

    [Fact]
    public void IsAllowed_ServiceWildcard_AllowsListedIdentityOnly()
    {
        var policy = new CallerAuthorizationPolicy(Options, isDevelopment: false);
        Assert.True(policy.IsAllowed("/credentials.csca.v1.CscaService/CreateCsca", "admin"));
        Assert.False(policy.IsAllowed("/credentials.csca.v1.CscaService/CreateCsca", "relying-party"));
    }

    [Fact]
    public void IsAllowed_ExactRule_ReplacesServiceWildcard()
    {
        var policy = new CallerAuthorizationPolicy(Options, isDevelopment: false);
        Assert.True(policy.IsAllowed("/credentials.csca.v1.CscaService/IssueSignerCertificate", "document-signer"));
        Assert.False(policy.IsAllowed("/credentials.csca.v1.CscaService/IssueSignerCertificate", "admin"));
    }

    [Fact]
    public void IsAllowed_NoIdentity_Denies()
    {
        var policy = new CallerAuthorizationPolicy(Options, isDevelopment: true);
        Assert.False(policy.IsAllowed("/credentials.csca.v1.CscaService/CreateCsca", null));
        Assert.False(policy.IsAllowed("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", null));
    }

    [Fact]
    public void IsAllowed_HealthWithoutIdentity_AllowsProbes()
    {
        var policy = new CallerAuthorizationPolicy(Options, isDevelopment: false);
        Assert.True(policy.IsAllowed("/grpc.health.v1.Health/Check", null));
    }

    [Fact]
    public void IsAllowed_HealthAndReflection_AllowAnySuiteIdentity()
    {
        var policy = new CallerAuthorizationPolicy(Options, isDevelopment: false);
        Assert.True(policy.IsAllowed("/grpc.health.v1.Health/Check", "relying-party"));
        Assert.True(policy.IsAllowed("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", "auditor"));
    }

    [Fact]
    public void IsAllowed_DevelopmentIdentity_OnlyInDevelopment()
    {
        Assert.True(new CallerAuthorizationPolicy(Options, isDevelopment: true).IsAllowed("/credentials.csca.v1.CscaService/CreateCsca", "tests"));
        Assert.False(new CallerAuthorizationPolicy(Options, isDevelopment: false).IsAllowed("/credentials.csca.v1.CscaService/CreateCsca", "tests"));
    }
}
