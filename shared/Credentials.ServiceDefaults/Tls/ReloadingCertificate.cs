using System.Security.Cryptography.X509Certificates;

namespace Credentials.ServiceDefaults.Tls;

/// <summary>
/// A certificate (with key) and a CA bundle read from PEM files and re-read when the files change, so that rotated
/// service certificates take effect without a restart (issue 9). Checks file times at most once per
/// <see cref="CheckInterval"/>; a half-written or invalid new file keeps the previous material in use.
/// </summary>
public sealed class ReloadingCertificate
{
    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly string _caPath;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Material _current;
    private DateTimeOffset _nextCheck;

    public ReloadingCertificate(string certificatePath, string keyPath, string caPath, TimeProvider time)
    {
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        _caPath = caPath;
        _time = time;
        _current = Load();
        _nextCheck = time.GetUtcNow() + CheckInterval;
    }

    /// <summary>How often file modification times are compared.</summary>
    public static TimeSpan CheckInterval { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The server certificate currently in use.</summary>
    public X509Certificate2 ServerCertificate => Refresh().Certificate;

    /// <summary>The client-CA roots currently in use.</summary>
    public X509Certificate2Collection ClientRoots => Refresh().Roots;

    private Material Refresh()
    {
        var now = _time.GetUtcNow();
        if (now < _nextCheck)
        {
            return _current;
        }

        lock (_gate)
        {
            if (now < _nextCheck)
            {
                return _current;
            }

            _nextCheck = now + CheckInterval;
            if (Stamp() == _current.Stamp)
            {
                return _current;
            }

            try
            {
                // The previous certificate stays referenced by connections that used it; it is left to the GC.
                _current = Load();
            }
            catch (Exception ex) when (ex is IOException or System.Security.Cryptography.CryptographicException or InvalidOperationException or UnauthorizedAccessException)
            {
                // Keep serving with the material we have; the next check tries again.
            }

            return _current;
        }
    }

    private Material Load()
    {
        var stamp = Stamp();
        var certificate = TlsMaterial.LoadCertificateWithKey(_certificatePath, _keyPath);
        var roots = TlsMaterial.LoadBundle(_caPath);
        return new Material(certificate, roots, stamp);
    }

    private (DateTime, DateTime, DateTime) Stamp() =>
        (File.GetLastWriteTimeUtc(_certificatePath), File.GetLastWriteTimeUtc(_keyPath), File.GetLastWriteTimeUtc(_caPath));

    private sealed record Material(X509Certificate2 Certificate, X509Certificate2Collection Roots, (DateTime, DateTime, DateTime) Stamp);
}
