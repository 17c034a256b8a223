using System.Buffers.Text;
using System.Text;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// Writes LDIF content files (RFC 2849) in the ICAO PKD download layout: <c>version: 1</c>, records separated by
/// one empty line, values base64-encoded when <see cref="LdifAttribute.IsBase64"/> (binary attributes and values
/// that are not SAFE-STRINGs), lines folded at <see cref="LdifWriterOptions.FoldWidth"/> with a one-space
/// continuation. Writing the records an <see cref="LdifReader"/> returned reproduces a file with that layout byte for byte.
/// Streams: each record is written as soon as it is given, nothing is kept.
/// </summary>
public sealed class LdifWriter : IAsyncDisposable, IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly LdifWriterOptions _options;
    private readonly byte[] _newLine;
    private readonly MemoryStream _pending = new();
    private bool _anyRecord;
    private bool _versionWritten;

    public LdifWriter(Stream stream, LdifWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _options = options ?? new LdifWriterOptions();
        if (_options.FoldWidth is < 0 or 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "FoldWidth must be 0 (no folding) or at least 2.");
        }

        _newLine = Encoding.ASCII.GetBytes(_options.NewLine);
    }

    /// <summary>Writes <c>version: 1</c>; call once, before the first record (optional in RFC 2849).</summary>
    public async ValueTask WriteVersionAsync(CancellationToken cancellationToken = default)
    {
        if (_versionWritten || _anyRecord)
        {
            throw new InvalidOperationException("The version line must come first and only once.");
        }

        _versionWritten = true;
        WriteLine("version: 1"u8);
        await FlushPendingAsync(cancellationToken);
    }

    /// <summary>Writes one record.</summary>
    public async ValueTask WriteEntryAsync(LdifEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_anyRecord || _versionWritten)
        {
            _pending.Write(_newLine);
        }

        _anyRecord = true;
        WriteValue("dn", Encoding.UTF8.GetBytes(entry.Dn), entry.DnIsBase64);
        foreach (var attribute in entry.Attributes)
        {
            WriteValue(attribute.Name, attribute.Value.Span, attribute.IsBase64);
        }

        await FlushPendingAsync(cancellationToken);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default) =>
        await _stream.FlushAsync(cancellationToken);

    public void Dispose()
    {
        _pending.Dispose();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _pending.DisposeAsync();
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync();
        }
    }

    private void WriteValue(string name, ReadOnlySpan<byte> value, bool base64)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name);
        byte[] line;
        if (base64)
        {
            line = new byte[nameBytes.Length + 3 + Base64.GetMaxEncodedToUtf8Length(value.Length)];
            nameBytes.CopyTo(line, 0);
            line[nameBytes.Length] = (byte)':';
            line[nameBytes.Length + 1] = (byte)':';
            line[nameBytes.Length + 2] = (byte)' ';
            Base64.EncodeToUtf8(value, line.AsSpan(nameBytes.Length + 3), out _, out var written);
            WriteLine(line.AsSpan(0, nameBytes.Length + 3 + written));
        }
        else
        {
            if (!LdifAttribute.IsSafeString(value))
            {
                throw new ArgumentException($"The value of '{name}' is not an LDIF SAFE-STRING; write it as base64.", nameof(value));
            }

            line = new byte[nameBytes.Length + 2 + value.Length];
            nameBytes.CopyTo(line, 0);
            line[nameBytes.Length] = (byte)':';
            line[nameBytes.Length + 1] = (byte)' ';
            value.CopyTo(line.AsSpan(nameBytes.Length + 2));
            WriteLine(line);
        }
    }

    private void WriteLine(ReadOnlySpan<byte> line)
    {
        var width = _options.FoldWidth;
        if (width == 0 || line.Length <= width)
        {
            _pending.Write(line);
            _pending.Write(_newLine);
            return;
        }

        _pending.Write(line[..width]);
        _pending.Write(_newLine);
        var rest = line[width..];
        while (!rest.IsEmpty)
        {
            var take = Math.Min(width - 1, rest.Length);
            _pending.WriteByte((byte)' ');
            _pending.Write(rest[..take]);
            _pending.Write(_newLine);
            rest = rest[take..];
        }
    }

    private async ValueTask FlushPendingAsync(CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
        _pending.SetLength(0);
    }
}
