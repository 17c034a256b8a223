using Credentials.Contracts.Events.V1;
using Credentials.Dtc.Options;
using Credentials.Outbox;
using Credentials.Outbox.Postgres;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.Dtc.Infrastructure;

/// <summary>Writes <c>dtc.issued</c> and <c>dtc.revoked</c> events as <see cref="EventEnvelope"/>s into the outbox, in the caller's transaction.</summary>
internal sealed class DtcEventWriter
{
    public const string DtcIssuedType = "dtc.issued";

    public const string DtcRevokedType = "dtc.revoked";

    private readonly EventEnvelopeWriter _writer;

    public DtcEventWriter(OutboxWriter outbox, IOptions<DtcOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _writer = new EventEnvelopeWriter(outbox, timeProvider, "dtc", options.Value.EventsTopic);
    }

    public Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string eventType, string aggregateKey, IMessage payload, CancellationToken cancellationToken) =>
        _writer.WriteAsync(connection, transaction, eventType, aggregateKey, payload, cancellationToken);
}
