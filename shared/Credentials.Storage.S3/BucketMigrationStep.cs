using Credentials.Core;

namespace Credentials.Storage.S3;

/// <summary>The <c>migrate</c> step that creates the service's object bucket (with Object Lock) when it is missing.</summary>
internal sealed class BucketMigrationStep : IMigrationStep
{
    private readonly S3ObjectStore _objectStore;

    public BucketMigrationStep(S3ObjectStore objectStore)
    {
        _objectStore = objectStore;
    }

    public string Name => "object bucket";

    public Task MigrateAsync(CancellationToken cancellationToken) => _objectStore.EnsureBucketAsync(cancellationToken);
}
