using System.Reflection;
using System.Text;

namespace Credentials.Storage.Migrations;

/// <summary>
/// Loads migrations embedded as resources named <c>&lt;source&gt;/V0001__name.sql</c>. In the csproj:
/// <c>&lt;EmbeddedResource Include="Migrations/**/*.sql" LogicalName="%(RecursiveDir)%(Filename)%(Extension)" /&gt;</c>
/// with the scripts under <c>Migrations/&lt;source&gt;/</c>.
/// </summary>
public static class EmbeddedMigrations
{
    /// <summary>All migrations of <paramref name="source"/> embedded in <paramref name="assembly"/>.</summary>
    public static MigrationSource Load(Assembly assembly, string source)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        SchemaName.Validate(source, nameof(source));
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            // MSBuild on Windows may produce backslashes in RecursiveDir.
            var normalised = resource.Replace('\\', '/');
            if (!MigrationScriptName.TryParse(normalised, source, out var version, out var name))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new StorageException(StorageErrorReason.InvalidMigration, $"Resource '{resource}' cannot be read.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new Migration(version, name, reader.ReadToEnd()));
        }

        if (migrations.Count == 0)
        {
            throw new StorageException(
                StorageErrorReason.InvalidMigration,
                $"No migrations named '{source}/V<n>__<name>.sql' are embedded in {assembly.GetName().Name}.");
        }

        return new MigrationSource(source, migrations);
    }
}
