using Credentials.Ledger.Application;
using Credentials.Ledger.Options;
using Credentials.Outbox.Kafka;
using Credentials.Outbox.Postgres;
using Microsoft.Extensions.Options;

namespace Credentials.Ledger.Infrastructure;

/// <summary>Consumes the configured event topics through the inbox and appends the events to the ledger in batches
/// (<see cref="LedgerOptions.IngestBatchSize"/>, <see cref="LedgerOptions.IngestBatchMaxBytes"/>, <see cref="LedgerOptions.IngestLinger"/>).</summary>
internal sealed class LedgerConsumerService : BackgroundService
{
    private readonly KafkaInboxConsumer<InboxTransaction> _consumer;
    private readonly LedgerIngestHandler _handler;
    private readonly LedgerOptions _options;

    public LedgerConsumerService(KafkaInboxConsumer<InboxTransaction> consumer, LedgerIngestHandler handler, IOptions<LedgerOptions> options)
    {
        _consumer = consumer;
        _handler = handler;
        _options = options.Value;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _consumer.RunBatchAsync(
            _options.ConsumerName,
            _options.Topics,
            new InboxBatchLimits(_options.IngestBatchSize, _options.IngestBatchMaxBytes, _options.IngestLinger),
            (batch, transaction, cancellationToken) => _handler.HandleBatchAsync(batch, new InboxLedgerAppender(transaction), cancellationToken),
            stoppingToken);
}
