namespace Credentials.Ledger.Application;

/// <summary>ListEvents filters; empty strings, an empty list and null times match everything.</summary>
internal sealed record EntryFilter(
    IReadOnlyList<string> EventTypes,
    string AggregateKey,
    string Producer,
    DateTimeOffset? OccurredAfter,
    DateTimeOffset? OccurredBefore,
    long FromSequence);
