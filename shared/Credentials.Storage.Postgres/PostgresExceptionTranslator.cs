using System.Data.Common;
using Credentials.Core;

namespace Credentials.Storage.Postgres;

/// <summary>
/// The one translation of database failures into domain errors (docs/architecture.md, "Errors"):
/// SQL class 22 "data exception" is a value the database cannot take (e.g. NUL in text), i.e. bad input a validator let
/// through: <c>INVALID_VALUE</c> (InvalidArgument, never Internal). A transient failure (connection lost, server
/// shutting down) is <c>DEPENDENCY_UNAVAILABLE</c> (Unavailable, retry after a second). Anything else stays unexpected.
/// </summary>
internal sealed class PostgresExceptionTranslator : IExceptionTranslator
{
    /// <inheritdoc />
    public CredentialsException? Translate(Exception exception) => exception switch
    {
        DbException { SqlState: { Length: 5 } state } database when state.StartsWith("22", StringComparison.Ordinal) =>
            new CredentialsException(ErrorKind.InvalidArgument, "INVALID_VALUE", "A request value is not acceptable (e.g. it contains a NUL character).", database),
        DbException { IsTransient: true } database =>
            new CredentialsException(ErrorKind.Unavailable, "DEPENDENCY_UNAVAILABLE", "The database is unavailable; retry.", database) { RetryAfter = TimeSpan.FromSeconds(1) },
        _ => null,
    };
}
