namespace Credentials.KeyVault;

/// <summary>
/// Configuration of the PKCS#11 key vault, bound from the <see cref="SectionName"/> section. The user PIN is never
/// part of configuration: it is read from <see cref="PinFile"/> or from the environment variable named by
/// <see cref="PinEnvironmentVariable"/>.
/// </summary>
public sealed class KeyVaultOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "KeyVault";

    /// <summary>Absolute path of the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so.</summary>
    public string ModulePath { get; set; } = string.Empty;

    /// <summary>Label of the token holding this service's keys (slot ids change; labels do not).</summary>
    public string TokenLabel { get; set; } = string.Empty;

    /// <summary>Path of a file holding the user PIN (a mounted secret). Exactly one PIN source must be set.</summary>
    public string? PinFile { get; set; }

    /// <summary>Name of an environment variable holding the user PIN. Exactly one PIN source must be set.</summary>
    public string? PinEnvironmentVariable { get; set; }

    /// <summary>Most sessions open at once, i.e. most concurrent operations; further callers wait.</summary>
    public int MaxSessions { get; set; } = 16;

    /// <summary>How long a caller waits for a free session before the call fails.</summary>
    public TimeSpan SessionWaitTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
