using Credentials.Icao9303;
using Credentials.Pkd.Application;
using Credentials.Pkd.Infrastructure;
using Microsoft.Extensions.Options;

namespace Credentials.Pkd.Options;

/// <summary>Start-up validation of <see cref="PkdOptions"/>: every source is usable or the service does not start.</summary>
internal sealed class PkdOptionsValidator : IValidateOptions<PkdOptions>
{
    public ValidateOptionsResult Validate(string? name, PkdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var source = options.Sources[i];
            var prefix = $"{PkdOptions.SectionName}:Sources:{i}";
            if (!IsValidName(source.Name))
            {
                failures.Add($"{prefix}:Name must be 1-64 characters of a-z, 0-9, '-', '_' or '.'.");
            }
            else if (!names.Add(source.Name))
            {
                failures.Add($"{prefix}:Name '{source.Name}' is used twice.");
            }

            if (!Enum.IsDefined(source.Kind))
            {
                failures.Add($"{prefix}:Kind must be Directory, Https or S3.");
            }

            if (!Enum.IsDefined(source.Type))
            {
                failures.Add($"{prefix}:Type must be IcaoPkdLdif, MasterList or Crl.");
            }

            if (string.IsNullOrWhiteSpace(source.Location))
            {
                failures.Add($"{prefix}:Location is required.");
            }
            else if (source.Kind == PkdSourceKind.Https
                && !(Uri.TryCreate(source.Location, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            {
                failures.Add($"{prefix}:Location must be an absolute https:// URL.");
            }
            else if (source.Kind == PkdSourceKind.S3 && source.Location.TrimStart('/').Split('/')[0].Length < 3)
            {
                failures.Add($"{prefix}:Location must be 'bucket' or 'bucket/prefix'.");
            }

            if (!string.IsNullOrWhiteSpace(source.TrustedServerCertificates))
            {
                if (source.Kind != PkdSourceKind.Https)
                {
                    failures.Add($"{prefix}:TrustedServerCertificates applies to Https sources only.");
                }
                else if (!SourceTls.TryLoadRoots(source.TrustedServerCertificates, out _, out var rootsError))
                {
                    failures.Add($"{prefix}:TrustedServerCertificates: {rootsError}");
                }
            }

            if (!string.IsNullOrWhiteSpace(source.Schedule) && !SyncSchedule.TryParse(source.Schedule, out _, out var error))
            {
                failures.Add($"{prefix}:Schedule: {error}");
            }

            foreach (var pin in source.TrustedMasterListSigners)
            {
                if (TrustPolicy.IsFingerprint(pin.Trim()))
                {
                    continue;
                }

                try
                {
                    TrustPolicy.Load([pin], AppContext.BaseDirectory);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or Icao9303FormatException)
                {
                    failures.Add($"{prefix}:TrustedMasterListSigners: '{pin}' is neither a SHA-256 fingerprint nor a readable certificate file ({exception.GetType().Name}).");
                }
            }
        }

        if (Credentials.Outbox.EventTopics.ValidateProducedTopic($"{PkdOptions.SectionName}:EventsTopic", options.EventsTopic, Credentials.Outbox.EventTopics.Pkd) is { } topicFailure)
        {
            failures.Add(topicFailure);
        }

        if (options.SchedulerTick <= TimeSpan.Zero || options.WatchPollInterval <= TimeSpan.Zero || options.FetchTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{PkdOptions.SectionName}: SchedulerTick, WatchPollInterval and FetchTimeout must be positive.");
        }

        if (options.LdifEntriesPerTransaction is < 1 or > 100_000)
        {
            failures.Add($"{PkdOptions.SectionName}:LdifEntriesPerTransaction must be 1..100000.");
        }

        if (options.VerificationWorkers is < 0 or > 64)
        {
            failures.Add($"{PkdOptions.SectionName}:VerificationWorkers must be 0 (one per processor) to 64.");
        }

        if (options.MaxEventPayloadBytes < 16 * 1024)
        {
            failures.Add($"{PkdOptions.SectionName}:MaxEventPayloadBytes must be at least 16384.");
        }

        if (options.MaxArtifactBytes < 1024)
        {
            failures.Add($"{PkdOptions.SectionName}:MaxArtifactBytes must be at least 1024.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Source names: 1-64 of a-z, 0-9, '-', '_', '.'.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.');
}
