namespace Credentials.Storage;

/// <summary>S3 Object Lock retention modes.</summary>
public enum ObjectRetentionMode
{
    /// <summary>Privileged users may shorten or remove the retention (bypass governance).</summary>
    Governance,

    /// <summary>Nobody, not even the bucket owner, may delete the version before the retention ends.</summary>
    Compliance,
}
