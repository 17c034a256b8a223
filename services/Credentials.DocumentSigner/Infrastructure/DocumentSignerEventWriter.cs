using Credentials.Contracts.Events.V1;
using Credentials.DocumentSigner.Options;
using Credentials.Outbox;
using Credentials.Outbox.Postgres;
using System.Diagnostics;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.DocumentSigner.Infrastructure;

/// <summary>Writes <c>credential.issued</c> and <c>seal.issued</c> events as <see cref="EventEnvelope"/>s into the outbox, in the caller's transaction.</summary>
internal sealed class DocumentSignerEventWriter
{
    public const string CredentialIssuedType = "credential.issued";

    /// <summary>Event type of a signed Visible Digital Seal or VDS-NC (owned by this service's topic, <see cref="EventTopics"/>).</summary>
    public const string SealIssuedType = "seal.issued";

    private readonly EventEnvelopeWriter _writer;

    public DocumentSignerEventWriter(OutboxWriter outbox, IOptions<DocumentSignerOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _writer = new EventEnvelopeWriter(outbox, timeProvider, "document-signer", options.Value.EventsTopic);
    }

    public Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string eventType, string aggregateKey, IMessage payload, CancellationToken cancellationToken) =>
        _writer.WriteAsync(connection, transaction, eventType, aggregateKey, payload, cancellationToken);

    /// <summary>Packs a <c>credential.issued</c> event in the caller's trace context, for <see cref="CreateWriteManyCommand"/>.</summary>
    public OutboxMessage PrepareCredentialIssued(CredentialIssued issued, Activity? trace) =>
        _writer.Prepare(CredentialIssuedType, issued.CredentialId, issued, trace);

    /// <summary>Writes a <c>seal.issued</c> event in the caller's transaction.</summary>
    public Task WriteSealIssuedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SealIssued issued, CancellationToken cancellationToken) =>
        _writer.WriteAsync(connection, transaction, SealIssuedType, issued.SealId, issued, cancellationToken);

    /// <summary>The one statement writing prepared events, to send in one batch with the issuance rows (the caller's transaction).</summary>
    public NpgsqlBatchCommand CreateWriteManyCommand(IReadOnlyList<OutboxMessage> messages) => _writer.CreateWriteManyCommand(messages);
}
