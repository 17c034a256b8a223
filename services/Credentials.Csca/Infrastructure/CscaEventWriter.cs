using Credentials.Contracts.Events.V1;
using Credentials.Csca.Options;
using Credentials.Outbox;
using Credentials.Outbox.Postgres;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Csca.Infrastructure;

/// <summary>
/// Writes the service's events (<c>certificate.issued</c>, <c>certificate.revoked</c>, <c>crl.published</c>) as
/// <see cref="EventEnvelope"/>s into the outbox, in the caller's transaction.
/// </summary>
internal sealed class CscaEventWriter
{
    public const string CertificateIssuedType = "certificate.issued";
    public const string CertificateRevokedType = "certificate.revoked";
    public const string CrlPublishedType = "crl.published";

    private readonly EventEnvelopeWriter _writer;

    public CscaEventWriter(OutboxWriter outbox, IOptions<CscaOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _writer = new EventEnvelopeWriter(outbox, timeProvider, "csca", options.Value.EventsTopic);
    }

    public Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string eventType, string aggregateKey, IMessage payload, CancellationToken cancellationToken) =>
        _writer.WriteAsync(connection, transaction, eventType, aggregateKey, payload, cancellationToken);
}
