namespace Credentials.IntegrationTests.Services;

/// <summary>Tests that share one running suite of the six services.</summary>
[CollectionDefinition(Name)]
public sealed class SuiteCollection : ICollectionFixture<SuiteFixture>
{
    public const string Name = "suite";
}
