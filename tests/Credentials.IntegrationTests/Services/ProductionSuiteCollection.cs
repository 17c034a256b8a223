namespace Credentials.IntegrationTests.Services;

/// <summary>
/// The collection of the Production-mode services. Not run in parallel with other collections: its services share
/// the stack (database schemas, HSM tokens, topics) with the Development suite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProductionSuiteCollection : ICollectionFixture<ProductionSuiteFixture>
{
    public const string Name = "production suite";
}
