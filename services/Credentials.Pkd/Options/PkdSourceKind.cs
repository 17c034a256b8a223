namespace Credentials.Pkd.Options;

/// <summary>Where a source is fetched from (<c>Pkd:Sources:N:Kind</c>).</summary>
internal enum PkdSourceKind
{
    /// <summary>Every regular file below a local directory (recursively, in ordinal path order).</summary>
    Directory = 0,

    /// <summary>One HTTPS URL; the response body is the one artifact of the source.</summary>
    Https = 1,

    /// <summary>Every object under <c>bucket/prefix</c> of the configured S3 endpoint.</summary>
    S3 = 2,
}
