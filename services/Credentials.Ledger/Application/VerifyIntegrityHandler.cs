using System.Security.Cryptography;
using Credentials.Contracts.Events.V1;
using Credentials.Contracts.Ledger.V1;
using Credentials.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Credentials.Ledger.Application;

/// <summary>
/// VerifyIntegrity: recomputes the chain over the range in sequence order and stops at the first broken entry:
/// SEQUENCE_GAP (a missing sequence), PREVIOUS_HASH_MISMATCH (previous_entry_hash is not the recomputed hash of the
/// entry before), ENTRY_HASH_MISMATCH (entry_hash is not SHA-256(previous || envelope)), ENTRY_COLUMNS_MISMATCH (the
/// indexed columns disagree with the hashed envelope). Then each checkpoint in the range: CHECKPOINT_MISMATCH (the
/// signed payload or its row disagree with the recomputed chain), CHECKPOINT_SIGNATURE_INVALID, CHECKPOINT_ARCHIVE_MISMATCH
/// (the archived copy is missing or differs). A range starting after 1 trusts the stored hash of the entry before it.
/// </summary>
internal sealed class VerifyIntegrityHandler
{
    private readonly ILedgerStore _repository;
    private readonly CheckpointKey _key;
    private readonly IObjectStore _objectStore;

    public VerifyIntegrityHandler(ILedgerStore repository, CheckpointKey key, IObjectStore objectStore)
    {
        _repository = repository;
        _key = key;
        _objectStore = objectStore;
    }

    public async Task<VerifyIntegrityResponse> HandleAsync(VerifyIntegrityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var from = Math.Max(1, request.FromSequence);
        var to = request.ToSequence;
        if (request.FromSequence < 0 || to < 0 || (to != 0 && to < from))
        {
            throw LedgerErrors.RangeInvalid("from_sequence and to_sequence must be non-negative with to_sequence >= from_sequence (0 = open).");
        }

        var head = await _repository.GetHeadAsync(cancellationToken);
        var response = new VerifyIntegrityResponse { Intact = true };
        if (head is null)
        {
            if (request.FromSequence > 1 || to > 0)
            {
                throw LedgerErrors.RangeInvalid("The ledger is empty.");
            }

            response.HeadEntryHash = ByteString.CopyFrom(LedgerHashChain.Genesis);
            return response;
        }

        if (from > head.Value.Sequence || to > head.Value.Sequence)
        {
            throw LedgerErrors.RangeInvalid($"The ledger's newest entry is {head.Value.Sequence}.");
        }

        var running = from == 1 ? LedgerHashChain.Genesis.ToArray() : await _repository.GetEntryHashAsync(from - 1, cancellationToken);
        if (running is null)
        {
            return Broken(response, from - 1, "SEQUENCE_GAP", $"Entry {from - 1} before the range is missing.");
        }

        var checkpoints = request.VerifyCheckpoints
            ? await _repository.ListCheckpointsAsync(from, to, cancellationToken)
            : [];
        var checkpointHashes = checkpoints.ToDictionary(c => c.Sequence, _ => (byte[]?)null);
        var expected = from;
        await foreach (var entry in _repository.StreamAsync(from, to, cancellationToken))
        {
            if (entry.Sequence != expected)
            {
                return Broken(response, expected, "SEQUENCE_GAP", $"Entry {expected} is missing; the next stored entry is {entry.Sequence}.");
            }

            if (!CryptographicOperations.FixedTimeEquals(entry.PreviousEntryHash, running))
            {
                return Broken(response, entry.Sequence, "PREVIOUS_HASH_MISMATCH", $"Entry {entry.Sequence} does not name the hash of entry {entry.Sequence - 1}.");
            }

            var recomputed = LedgerHashChain.ComputeEntryHash(running, entry.Envelope);
            if (!CryptographicOperations.FixedTimeEquals(recomputed, entry.EntryHash))
            {
                return Broken(response, entry.Sequence, "ENTRY_HASH_MISMATCH", $"Entry {entry.Sequence}: the stored entry_hash is not SHA-256(previous_entry_hash || envelope).");
            }

            if (!ColumnsMatch(entry))
            {
                return Broken(response, entry.Sequence, "ENTRY_COLUMNS_MISMATCH", $"Entry {entry.Sequence}: event_id, event_type, aggregate_key, producer or occurred_at disagree with the hashed envelope.");
            }

            if (checkpointHashes.ContainsKey(entry.Sequence))
            {
                checkpointHashes[entry.Sequence] = recomputed;
            }

            running = recomputed;
            response.EntriesChecked++;
            expected++;
        }

        var last = to == 0 ? head.Value.Sequence : to;
        if (expected <= last)
        {
            return Broken(response, expected, "SEQUENCE_GAP", $"Entry {expected} is missing.");
        }

        response.HeadEntryHash = ByteString.CopyFrom(running);
        foreach (var checkpoint in checkpoints)
        {
            var result = await CheckAsync(checkpoint, checkpointHashes[checkpoint.Sequence], cancellationToken);
            response.Checkpoints.Add(result);
            if (response.Intact && !(result.MatchesChain && result.SignatureValid && result.ArchiveMatches))
            {
                response.Intact = false;
                response.FirstBrokenSequence = checkpoint.Sequence;
                (response.FailureReason, response.FailureDetail) = !result.MatchesChain
                    ? ("CHECKPOINT_MISMATCH", $"The checkpoint at {checkpoint.Sequence} does not match the recomputed chain.")
                    : !result.SignatureValid
                        ? ("CHECKPOINT_SIGNATURE_INVALID", $"The checkpoint at {checkpoint.Sequence} does not verify with the ledger key.")
                        : ("CHECKPOINT_ARCHIVE_MISMATCH", $"The archived copy of the checkpoint at {checkpoint.Sequence} is missing or differs.");
            }
        }

        return response;
    }

    private async Task<CheckpointResult> CheckAsync(CheckpointRecord checkpoint, byte[]? recomputed, CancellationToken cancellationToken)
    {
        var document = CheckpointDocument.TryParse(checkpoint.Payload);
        var result = new CheckpointResult
        {
            Sequence = checkpoint.Sequence,
            EntryHash = ByteString.CopyFrom(checkpoint.EntryHash),
            SignedAt = Timestamp.FromDateTimeOffset(document?.SignedAt ?? checkpoint.SignedAt),
        };
        result.MatchesChain = document is not null
            && recomputed is not null
            && document.Sequence == checkpoint.Sequence
            && CryptographicOperations.FixedTimeEquals(document.EntryHash, recomputed)
            && CryptographicOperations.FixedTimeEquals(checkpoint.EntryHash, recomputed);
        result.SignatureValid = document is not null
            && string.Equals(document.KeyLabel, _key.Label, StringComparison.Ordinal)
            && await _key.VerifyAsync(checkpoint.Payload, checkpoint.Signature, cancellationToken);
        result.ArchiveMatches = await ArchiveMatchesAsync(checkpoint, cancellationToken);
        return result;
    }

    private async Task<bool> ArchiveMatchesAsync(CheckpointRecord checkpoint, CancellationToken cancellationToken)
    {
        if (!ObjectKey.TryParse(checkpoint.ObjectKey, out var key))
        {
            return false;
        }

        var expected = CheckpointDocument.ToArchive(checkpoint.Payload, checkpoint.Signature);
        if (!key.Matches(expected))
        {
            return false;
        }

        try
        {
            var archived = await _objectStore.GetAsync(key, cancellationToken);
            return CryptographicOperations.FixedTimeEquals(archived, expected);
        }
        catch (StorageException exception) when (exception.Reason == StorageErrorReason.NotFound)
        {
            return false;
        }
    }

    private static bool ColumnsMatch(StoredEntry entry)
    {
        EventEnvelope envelope;
        try
        {
            envelope = EventEnvelope.Parser.ParseFrom(entry.Envelope);
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }

        var occurred = envelope.OccurredAt?.ToDateTimeOffset();
        var occurredMatches = occurred is null
            ? entry.OccurredAt is null
            : entry.OccurredAt is { } stored && Math.Abs((stored - occurred.Value).Ticks) < 10; // PostgreSQL keeps microseconds
        return Guid.TryParseExact(envelope.EventId, "D", out var id) && id == entry.EventId
            && string.Equals(envelope.EventType, entry.EventType, StringComparison.Ordinal)
            && string.Equals(envelope.AggregateKey, entry.AggregateKey, StringComparison.Ordinal)
            && string.Equals(envelope.Producer, entry.Producer, StringComparison.Ordinal)
            && occurredMatches;
    }

    private static VerifyIntegrityResponse Broken(VerifyIntegrityResponse response, long sequence, string reason, string detail)
    {
        response.Intact = false;
        response.FirstBrokenSequence = sequence;
        response.FailureReason = reason;
        response.FailureDetail = detail;
        return response;
    }
}
