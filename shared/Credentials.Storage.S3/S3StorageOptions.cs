namespace Credentials.Storage.S3;

/// <summary>S3 settings (configuration section <c>S3</c>). In development: <c>$CRED_S3_*</c> (moto, plain HTTP).</summary>
public sealed class S3StorageOptions
{
    public const string SectionName = "S3";

    /// <summary>host:port of the S3 endpoint, e.g. <c>127.0.0.1:9000</c> or <c>s3.eu-central-1.amazonaws.com</c>.</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>Access key id (from the environment or a file in production).</summary>
    public string AccessKey { get; set; } = string.Empty;

    /// <summary>Secret access key (from the environment or a file in production).</summary>
    public string SecretKey { get; set; } = string.Empty;

    /// <summary>Region, e.g. <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The bucket holding this service's objects.</summary>
    public string Bucket { get; set; } = string.Empty;

    /// <summary>HTTPS to the endpoint; true in production, false only for the local moto server.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>Create the bucket (with Object Lock and so versioning) when it does not exist.</summary>
    public bool CreateBucket { get; set; }

    /// <summary>Per-request timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
