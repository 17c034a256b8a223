using System.Security.Cryptography;
using Credentials.IntegrationTests.Stack;
using Minio;
using Minio.DataModel.Args;

namespace Credentials.IntegrationTests.Infrastructure;

/// <summary>The S3-compatible server of the local stack through the Minio SDK.</summary>
public sealed class S3Tests
{
    [Fact]
    public async Task PutThenGet_NewBucket_ReturnsSameBytes()
    {
        var stack = StackEnvironment.RequireOrSkip();
        var cancellationToken = TestContext.Current.CancellationToken;
        using var minio = new MinioClient();
        minio.WithEndpoint(stack.S3Endpoint)
            .WithCredentials(stack.S3AccessKey, stack.S3SecretKey)
            .WithRegion(stack.S3Region)
            .WithSSL(false)
            .Build();
        var bucket = "credentials-tests-" + Guid.NewGuid().ToString("N")[..16];
        var payload = RandomNumberGenerator.GetBytes(64 * 1024 + 17);
        var objectName = "sha256/" + Convert.ToHexStringLower(SHA256.HashData(payload));

        await minio.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket), cancellationToken);
        using (var upload = new MemoryStream(payload))
        {
            await minio.PutObjectAsync(
                new PutObjectArgs().WithBucket(bucket).WithObject(objectName)
                    .WithStreamData(upload).WithObjectSize(payload.Length).WithContentType("application/octet-stream"),
                cancellationToken);
        }

        var stat = await minio.StatObjectAsync(new StatObjectArgs().WithBucket(bucket).WithObject(objectName), cancellationToken);
        using var download = new MemoryStream();
        await minio.GetObjectAsync(
            new GetObjectArgs().WithBucket(bucket).WithObject(objectName)
                .WithCallbackStream((stream, token) => stream.CopyToAsync(download, token)),
            cancellationToken);

        Assert.Equal(payload.Length, stat.Size);
        Assert.Equal(payload, download.ToArray());
    }
}
