using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Credentials.Contracts.Common.V1;
using Credentials.Contracts.Events.V1;
using Credentials.Contracts.Ledger.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.Ledger.Application;

/// <summary>
/// ListEvents: entries ascending by sequence, filtered, paged. The page token is
/// <c>&lt;last sequence&gt;.&lt;16 hex digits of SHA-256 over the filters&gt;</c>, so it only continues the same query.
/// </summary>
internal sealed class ListEventsHandler
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;
    private const int MaxEventTypes = 32;
    private const int MaxFieldLength = 256;

    private readonly ILedgerStore _repository;

    public ListEventsHandler(ILedgerStore repository) => _repository = repository;

    public async Task<ListEventsResponse> HandleAsync(ListEventsRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pageSize = request.Page?.PageSize ?? 0;
        if (pageSize < 0)
        {
            throw LedgerErrors.PageSizeInvalid();
        }

        pageSize = pageSize == 0 ? DefaultPageSize : Math.Min(pageSize, MaxPageSize);
        if (request.EventTypes.Count > MaxEventTypes || request.EventTypes.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > MaxFieldLength))
        {
            throw LedgerErrors.FieldInvalid("event_types", $"at most {MaxEventTypes} non-empty types.");
        }

        if (request.AggregateKey.Length > MaxFieldLength)
        {
            throw LedgerErrors.FieldInvalid("aggregate_key", "too long.");
        }

        if (request.Producer.Length > MaxFieldLength)
        {
            throw LedgerErrors.FieldInvalid("producer", "too long.");
        }

        if (request.FromSequence < 0)
        {
            throw LedgerErrors.FieldInvalid("from_sequence", "must not be negative.");
        }

        var after = request.OccurredAfter?.ToDateTimeOffset();
        var before = request.OccurredBefore?.ToDateTimeOffset();
        if (after is not null && before is not null && before <= after)
        {
            throw LedgerErrors.FieldInvalid("occurred_before", "must be later than occurred_after.");
        }

        var filter = new EntryFilter(request.EventTypes.ToArray(), request.AggregateKey, request.Producer, after, before, request.FromSequence);
        var fingerprint = Fingerprint(filter);
        var afterSequence = ParseToken(request.Page?.PageToken ?? string.Empty, fingerprint);

        var entries = await _repository.ListAsync(filter, afterSequence, pageSize + 1, cancellationToken);
        var response = new ListEventsResponse { Page = new PageResponse() };
        foreach (var entry in entries.Take(pageSize))
        {
            response.Entries.Add(ToProto(entry));
        }

        if (entries.Count > pageSize)
        {
            response.Page.NextPageToken = string.Create(CultureInfo.InvariantCulture, $"{entries[pageSize - 1].Sequence}.{fingerprint}");
        }

        return response;
    }

    public static LedgerEntry ToProto(StoredEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        EventEnvelope envelope;
        try
        {
            envelope = EventEnvelope.Parser.ParseFrom(entry.Envelope);
        }
        catch (InvalidProtocolBufferException)
        {
            // Only a tampered row gets here; VerifyIntegrity names it. Show what the columns say.
            envelope = new EventEnvelope { EventId = entry.EventId.ToString("D"), EventType = entry.EventType, AggregateKey = entry.AggregateKey, Producer = entry.Producer };
        }

        return new LedgerEntry
        {
            Sequence = entry.Sequence,
            Event = envelope,
            PreviousEntryHash = ByteString.CopyFrom(entry.PreviousEntryHash),
            EntryHash = ByteString.CopyFrom(entry.EntryHash),
            RecordedAt = Timestamp.FromDateTimeOffset(entry.RecordedAt),
        };
    }

    private static string Fingerprint(EntryFilter filter)
    {
        var text = new StringBuilder();
        foreach (var type in filter.EventTypes)
        {
            text.Append(type).Append('\u001f');
        }

        text.Append('\u001e').Append(filter.AggregateKey)
            .Append('\u001e').Append(filter.Producer)
            .Append('\u001e').Append(filter.OccurredAfter?.UtcTicks.ToString(CultureInfo.InvariantCulture))
            .Append('\u001e').Append(filter.OccurredBefore?.UtcTicks.ToString(CultureInfo.InvariantCulture))
            .Append('\u001e').Append(filter.FromSequence.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 8));
    }

    private static long ParseToken(string token, string fingerprint)
    {
        if (token.Length == 0)
        {
            return 0;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0
            || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !string.Equals(token[(dot + 1)..], fingerprint, StringComparison.Ordinal))
        {
            throw LedgerErrors.PageTokenInvalid();
        }

        return sequence;
    }
}
