using Microsoft.Extensions.Options;

namespace Credentials.Storage.S3;

/// <summary>Start-up validation of <see cref="S3StorageOptions"/>.</summary>
internal sealed class S3StorageOptionsValidator : IValidateOptions<S3StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, S3StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Endpoint) || options.Endpoint.Contains("://", StringComparison.Ordinal))
        {
            failures.Add("S3:Endpoint is required as host[:port] without a scheme (use S3:UseTls for HTTPS).");
        }

        if (string.IsNullOrWhiteSpace(options.AccessKey) || string.IsNullOrWhiteSpace(options.SecretKey))
        {
            failures.Add("S3:AccessKey and S3:SecretKey are required.");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            failures.Add("S3:Region is required.");
        }

        if (!IsValidBucketName(options.Bucket))
        {
            failures.Add("S3:Bucket must be 3-63 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add("S3:RequestTimeout must be positive and at most 10 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The S3 bucket naming rules (general purpose buckets).</summary>
    internal static bool IsValidBucketName(string? bucket)
    {
        if (bucket is null || bucket.Length is < 3 or > 63)
        {
            return false;
        }

        foreach (var c in bucket)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'))
            {
                return false;
            }
        }

        return char.IsAsciiLetterOrDigit(bucket[0]) && char.IsAsciiLetterOrDigit(bucket[^1])
            && !bucket.Contains("..", StringComparison.Ordinal);
    }
}
