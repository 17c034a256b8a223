using Credentials.Contracts.Events.V1;
using Credentials.DocumentSigner.Options;
using Credentials.Outbox;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Credentials.DocumentSigner.Infrastructure;

/// <summary>Writes <c>credential.issued</c> events as <see cref="EventEnvelope"/>s into the outbox, in the caller's transaction.</summary>
internal sealed class DocumentSignerEventWriter
{
    public const string CredentialIssuedType = "credential.issued";

    private readonly EventEnvelopeWriter _writer;

    public DocumentSignerEventWriter(OutboxWriter outbox, IOptions<DocumentSignerOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _writer = new EventEnvelopeWriter(outbox, timeProvider, "document-signer", options.Value.EventsTopic);
    }

    public Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string eventType, string aggregateKey, IMessage payload, CancellationToken cancellationToken) =>
        _writer.WriteAsync(connection, transaction, eventType, aggregateKey, payload, cancellationToken);
}
