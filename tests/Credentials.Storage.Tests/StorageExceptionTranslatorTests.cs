using Credentials.Core;

namespace Credentials.Storage.Tests;

public sealed class StorageExceptionTranslatorTests
{
    [Fact]
    public void Translate_StoreUnavailable_UnavailableDependencyUnavailableWithRetry()
    {
        var storage = new StorageException(StorageErrorReason.Unavailable, "S3 down");

        var error = new StorageExceptionTranslator().Translate(storage);

        Assert.NotNull(error);
        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.Equal("DEPENDENCY_UNAVAILABLE", error.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Same(storage, error.InnerException);
    }

    [Theory]
    [InlineData(StorageErrorReason.NotFound)]
    [InlineData(StorageErrorReason.IntegrityMismatch)]
    [InlineData(StorageErrorReason.ObjectLocked)]
    public void Translate_OwnDataNotAsWritten_NullStaysUnexpected(StorageErrorReason reason) =>
        Assert.Null(new StorageExceptionTranslator().Translate(new StorageException(reason, "x")));

    [Fact]
    public void Translate_OtherLibraryException_Null() =>
        Assert.Null(new StorageExceptionTranslator().Translate(new TimeoutException()));
}
