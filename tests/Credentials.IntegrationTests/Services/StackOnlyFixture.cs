namespace Credentials.IntegrationTests.Services;

/// <summary>
/// The local stack without the six services of <see cref="SuiteFixture"/>: for tests that start only the process
/// they measure (<c>PkdImportBenchmark</c>). A second suite in the same consumer groups would take partitions from the
/// suite <c>bench/run-all</c> keeps running and ingest what the measured process publishes in its place (two
/// trust-anchors each reloading the store after every event), so the benchmark measured the harness as well.
/// </summary>
public sealed class StackOnlyFixture : SuiteFixture
{
    public override ValueTask InitializeAsync()
    {
        FindStack(out _);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Tests that need the local stack but start their own processes.</summary>
[CollectionDefinition(Name)]
public sealed class StackOnlyCollection : ICollectionFixture<StackOnlyFixture>
{
    public const string Name = "stack only";
}
