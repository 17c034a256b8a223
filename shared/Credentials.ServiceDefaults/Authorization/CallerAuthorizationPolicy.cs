namespace Credentials.ServiceDefaults.Authorization;

/// <summary>Evaluates <see cref="CallerAuthorizationOptions"/> for one call. Pure; safe to share across threads.</summary>
public sealed class CallerAuthorizationPolicy
{
    private readonly Dictionary<string, HashSet<string>> _rules;
    private readonly HashSet<string> _developmentIdentities;
    private readonly bool _isDevelopment;

    public CallerAuthorizationPolicy(CallerAuthorizationOptions options, bool isDevelopment)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rules = options.Rules.ToDictionary(r => r.Key, r => new HashSet<string>(r.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        _developmentIdentities = new HashSet<string>(options.DevelopmentIdentities, StringComparer.Ordinal);
        _isDevelopment = isDevelopment;
    }

    /// <summary>
    /// True when <paramref name="identity"/> (a name such as <c>admin</c>, or null for a caller without a suite
    /// identity) may call <paramref name="methodPath"/>.
    /// </summary>
    public bool IsAllowed(string methodPath, string? identity)
    {
        ArgumentNullException.ThrowIfNull(methodPath);
        // Probes: health answers every caller — on the mTLS port that is any client of the internal CA, and the
        // optional plain-text probe port serves nothing else (HealthEndpointOptions).
        if (methodPath.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal))
        {
            return true;
        }

        if (identity is null)
        {
            return false;
        }

        // grpcurl: reflection answers every authenticated caller of the internal CA.
        if (methodPath.StartsWith("/grpc.reflection.", StringComparison.Ordinal))
        {
            return true;
        }

        if (_isDevelopment && _developmentIdentities.Contains(identity))
        {
            return true;
        }

        if (_rules.TryGetValue(methodPath, out var allowed))
        {
            return allowed.Contains(identity);
        }

        var slash = methodPath.LastIndexOf('/');
        if (slash > 0 && _rules.TryGetValue(methodPath[..(slash + 1)] + "*", out var serviceWide))
        {
            return serviceWide.Contains(identity);
        }

        return false;
    }
}
