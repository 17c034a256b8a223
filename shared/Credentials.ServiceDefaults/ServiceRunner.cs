using Credentials.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credentials.ServiceDefaults;

/// <summary>Runs a service, or with the single argument <c>migrate</c> applies its migration steps and exits.</summary>
public static partial class ServiceRunner
{
    /// <summary>Runs the web application, or its migrations when <paramref name="args"/> starts with <c>migrate</c>.</summary>
    public static async Task<int> RunServiceAsync(this WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == "migrate")
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Credentials.Migrations");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var steps = app.Services.GetServices<IMigrationStep>().ToList();
            foreach (var step in steps)
            {
                LogStep(logger, step.Name);
                await step.MigrateAsync(timeout.Token);
            }

            LogDone(logger, steps.Count);
            return 0;
        }

        await app.RunAsync();
        return 0;
    }

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Applying migration step {Step}")]
    private static partial void LogStep(ILogger logger, string step);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Information, Message = "Migrations complete ({Count} steps)")]
    private static partial void LogDone(ILogger logger, int count);
}
