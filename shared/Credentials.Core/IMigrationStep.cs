namespace Credentials.Core;

/// <summary>
/// One step of a service's explicit <c>migrate</c> command (e.g. apply its SQL migrations, create its bucket).
/// Steps run in registration order, only when the process is started as <c>&lt;service&gt; migrate</c>, never at
/// ordinary start-up (STYLE.md rule 12).
/// </summary>
public interface IMigrationStep
{
    /// <summary>A short name for logs.</summary>
    string Name { get; }

    /// <summary>Applies the step; must be idempotent.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);
}
