using Credentials.Storage.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>Start-up validation of <see cref="PostgresOptions"/>.</summary>
internal sealed class PostgresOptionsValidator : IValidateOptions<PostgresOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("Postgres:ConnectionString is required.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException)
            {
                // The message could echo the password; say only that it is malformed.
                failures.Add("Postgres:ConnectionString is not a valid Npgsql connection string.");
            }
        }

        if (options.MaxAutoPrepare < 0)
        {
            failures.Add("Postgres:MaxAutoPrepare must be 0 (off) or positive.");
        }

        if (!SchemaName.IsValid(options.Schema))
        {
            failures.Add("Postgres:Schema must be 1-63 lowercase letters, digits or '_', starting with a letter or '_'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
