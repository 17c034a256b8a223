namespace Credentials.Storage.Migrations;

/// <summary>One migration applied by a run.</summary>
/// <param name="Source">The migration source.</param>
/// <param name="Version">Its version.</param>
/// <param name="Name">Its name.</param>
public sealed record AppliedMigration(string Source, int Version, string Name);
