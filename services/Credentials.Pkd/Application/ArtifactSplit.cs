using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Credentials.Icao9303;
using Credentials.Icao9303.Pkd;
using Credentials.Pkd.Options;

namespace Credentials.Pkd.Application;

/// <summary>
/// The units of one artifact, in processing order: every Master List its own unit first (their CSCA and link
/// certificates are what the DSCs and CRLs verify against, Doc 9303 Part 12 §9), then the DSC and CRL entries in
/// chunks of <c>entriesPerUnit</c>, in file order. <see cref="PlanAsync"/> reads the artifact once to count them (and to
/// find a malformed LDIF before anything is committed); <see cref="ReadAsync"/> then decodes the payloads lazily, unit
/// by unit, so the decoded payloads in memory are those of the units in flight, not the file's. Entries that precede
/// the file's last Master List are held until it is read (none in the ICAO PKD layouts: Master Lists and DSC/CRLs come
/// in separate files, or Master Lists first).
/// </summary>
internal sealed class ArtifactSplit
{
    private readonly PkdSourceType _type;
    private readonly ReadOnlyMemory<byte> _content;
    private readonly int _entriesPerUnit;
    private readonly int _entries;
    private readonly string? _malformed;

    private ArtifactSplit(PkdSourceType type, ReadOnlyMemory<byte> content, int entriesPerUnit, int masterLists, int entries, string? malformed)
    {
        _type = type;
        _content = content;
        _entriesPerUnit = entriesPerUnit;
        MasterListUnits = masterLists;
        _entries = entries;
        _malformed = malformed;
        Count = malformed is not null ? 1 : masterLists + (entries + entriesPerUnit - 1) / entriesPerUnit;
    }

    /// <summary>The number of units.</summary>
    public int Count { get; }

    /// <summary>Units <c>0 … MasterListUnits − 1</c> are Master Lists; the rest are DSC/CRL chunks (or one malformed unit).</summary>
    public int MasterListUnits { get; }

    /// <summary>Plans the split of <paramref name="content"/> (held, not copied). Never throws for malformed input.</summary>
    public static async Task<ArtifactSplit> PlanAsync(
        PkdSourceType type, ReadOnlyMemory<byte> content, int entriesPerUnit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(entriesPerUnit, 1);
        switch (type)
        {
            case PkdSourceType.MasterList:
                return new ArtifactSplit(type, content, entriesPerUnit, 1, 0, null);
            case PkdSourceType.Crl:
                return new ArtifactSplit(type, content, entriesPerUnit, 0, 1, null);
            default:
                break;
        }

        var masterLists = 0;
        var entries = 0;
        try
        {
            using var stream = Open(content);
            await using var reader = new LdifReader(stream);
            await foreach (var entry in reader.ReadAllAsync(cancellationToken))
            {
                switch (entry.Kind)
                {
                    case PkdEntryKind.MasterList:
                        masterLists++;
                        break;
                    case PkdEntryKind.Dsc or PkdEntryKind.NonConformantDsc or PkdEntryKind.Crl:
                        entries++;
                        break;
                    default:
                        break;
                }
            }
        }
        catch (Icao9303FormatException exception)
        {
            return new ArtifactSplit(type, content, entriesPerUnit, 0, 0, exception.Reason);
        }

        return new ArtifactSplit(type, content, entriesPerUnit, masterLists, entries, null);
    }

    /// <summary>True when unit <paramref name="index"/> is a Master List.</summary>
    public bool IsMasterList(int index) => _malformed is null && index < MasterListUnits;

    /// <summary>The units from <paramref name="first"/> on (earlier ones were committed before and are skipped).</summary>
    /// <exception cref="InvalidOperationException">The content changed since <see cref="PlanAsync"/>.</exception>
    public async IAsyncEnumerable<UnitSource> ReadAsync(int first, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (first >= Count)
        {
            yield break;
        }

        if (_malformed is not null)
        {
            yield return new UnitSource.Malformed(_malformed);
            yield break;
        }

        switch (_type)
        {
            case PkdSourceType.MasterList:
                yield return new UnitSource.MasterList(_content);
                yield break;
            case PkdSourceType.Crl:
                yield return new UnitSource.Entries([(PkdEntryKind.Crl, _content)]);
                yield break;
            default:
                break;
        }

        // One pass: Master Lists are emitted as they come; DSC/CRL entries wait until the last Master List was read,
        // then go out in chunks. The entries of skipped units are counted, not kept.
        var masterListsSeen = 0;
        var entriesSeen = 0;
        var skipEntries = Math.Max(0, first - MasterListUnits) * _entriesPerUnit;
        var pending = new List<(PkdEntryKind, ReadOnlyMemory<byte>)>();
        using var stream = Open(_content);
        await using var reader = new LdifReader(stream);
        await foreach (var entry in ReadChecked(reader, cancellationToken))
        {
            switch (entry.Kind)
            {
                case PkdEntryKind.MasterList:
                    if (masterListsSeen++ >= first)
                    {
                        yield return new UnitSource.MasterList(entry.Payload);
                    }

                    break;
                case PkdEntryKind.Dsc or PkdEntryKind.NonConformantDsc or PkdEntryKind.Crl:
                    if (entriesSeen++ >= skipEntries)
                    {
                        pending.Add((entry.Kind, entry.Payload));
                    }

                    break;
                default:
                    break;
            }

            while (masterListsSeen == MasterListUnits && pending.Count >= _entriesPerUnit)
            {
                yield return new UnitSource.Entries(pending.GetRange(0, _entriesPerUnit));
                pending.RemoveRange(0, _entriesPerUnit);
            }
        }

        if (masterListsSeen != MasterListUnits || entriesSeen != _entries)
        {
            throw new InvalidOperationException("The artifact's content changed while it was processed.");
        }

        if (pending.Count > 0)
        {
            yield return new UnitSource.Entries(pending);
        }
    }

    private static async IAsyncEnumerable<LdifEntry> ReadChecked(LdifReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var entries = reader.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (entries)
        {
            while (true)
            {
                try
                {
                    if (!await entries.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (Icao9303FormatException exception)
                {
                    // PlanAsync read the same bytes without a format error.
                    throw new InvalidOperationException("The artifact's content changed while it was processed.", exception);
                }

                yield return entries.Current;
            }
        }
    }

    // Read in place: copying a PKD-sized artifact would double its footprint.
    private static MemoryStream Open(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
}
