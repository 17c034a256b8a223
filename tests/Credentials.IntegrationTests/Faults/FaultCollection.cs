namespace Credentials.IntegrationTests.Faults;

/// <summary>
/// The fault tests: their own stack and their own six services (<see cref="FaultSuite"/>), so that stopping
/// PostgreSQL or the broker never disturbs the other integration tests of the same run.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultSuite>
{
    public const string Name = "faults";
}
