using System.Buffers.Text;
using System.Formats.Asn1;
using System.Runtime.CompilerServices;
using System.Text;

namespace Credentials.Icao9303.Pkd;

/// <summary>
/// Streaming reader for LDIF content files (RFC 2849) as published by the ICAO PKD (Doc 9303 Part 12 §5,
/// distribution of DSCs, CRLs and CSCA Master Lists). Reads one record at a time from a <see cref="Stream"/>;
/// memory is bounded by <see cref="LdifReaderOptions"/>, never by the file size.
/// Supports <c>version: 1</c>, folded lines (continuation lines start with one space), <c>name:: base64</c>
/// values, comments (including folded comments), LF and CRLF line ends. Change records and <c>name:&lt; URL</c>
/// values are rejected. Errors are <see cref="Icao9303FormatException"/> with reasons <c>ldif.*</c> and the line number.
/// </summary>
public sealed class LdifReader : IAsyncDisposable, IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly LdifReaderOptions _options;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _bufferPos;
    private int _bufferLength;
    private bool _endOfStream;

    private byte[] _line = new byte[256];
    private int _lineLength;
    private byte[] _logical = new byte[256];
    private int _logicalLength;
    private long _lineNumber;
    private long _logicalStartLine;
    private bool _firstLogicalLine = true;

    public LdifReader(Stream stream, LdifReaderOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _options = options ?? new LdifReaderOptions();
    }

    /// <summary>The <c>version:</c> line value, once the first record has been read (null if the file has none).</summary>
    public int? Version { get; private set; }

    /// <summary>Records returned so far.</summary>
    public long EntriesRead { get; private set; }

    /// <summary>Physical lines consumed so far.</summary>
    public long LineNumber => _lineNumber;

    /// <summary>Reads every record to the end of the stream.</summary>
    public async IAsyncEnumerable<LdifEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadEntryAsync(cancellationToken) is { } entry)
        {
            yield return entry;
        }
    }

    /// <summary>Reads the next record, or null at the end of the stream.</summary>
    public async ValueTask<LdifEntry?> ReadEntryAsync(CancellationToken cancellationToken = default)
    {
        string? dn = null;
        var dnIsBase64 = false;
        var attributes = new List<LdifAttribute>();
        long entryBytes = 0;
        var inComment = false;
        _logicalLength = 0;

        while (true)
        {
            var hasLine = await ReadPhysicalLineAsync(cancellationToken);
            var blank = hasLine && _lineLength == 0;
            if (!hasLine || blank)
            {
                inComment = false;
                if (_logicalLength > 0)
                {
                    Process();
                }

                if (dn is not null)
                {
                    EntriesRead++;
                    return new LdifEntry(dn, attributes, dnIsBase64);
                }

                if (attributes.Count > 0)
                {
                    throw Error("ldif.missing-dn", "Record does not start with a dn: line.");
                }

                if (!hasLine)
                {
                    return null;
                }

                continue;
            }

            var first = _line[0];
            if (first == (byte)' ')
            {
                if (inComment)
                {
                    continue;
                }

                if (_logicalLength == 0)
                {
                    throw Error("ldif.unexpected-continuation", "Continuation line without a preceding line.");
                }

                AppendLogical(_line.AsSpan(1, _lineLength - 1));
                continue;
            }

            if (_logicalLength > 0)
            {
                Process();
            }

            if (first == (byte)'#')
            {
                inComment = true;
                continue;
            }

            inComment = false;
            _logicalStartLine = _lineNumber;
            AppendLogical(_line.AsSpan(0, _lineLength));
        }

        void Process()
        {
            var logical = _logical.AsSpan(0, _logicalLength);
            _logicalLength = 0;
            var (name, value, isBase64) = ParseAttributeValue(logical);
            var isFirst = _firstLogicalLine;
            _firstLogicalLine = false;

            if (isFirst && dn is null && string.Equals(name, "version", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(Encoding.ASCII.GetString(value), System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture, out var version) || version != 1)
                {
                    throw Error("ldif.unsupported-version", "Only LDIF version 1 is supported.");
                }

                Version = version;
                return;
            }

            if (dn is null)
            {
                if (!string.Equals(name, "dn", StringComparison.OrdinalIgnoreCase))
                {
                    throw Error("ldif.missing-dn", $"Record starts with '{name}:' instead of 'dn:'.");
                }

                dn = Encoding.UTF8.GetString(value);
                dnIsBase64 = isBase64;
                return;
            }

            if (string.Equals(name, "changetype", StringComparison.OrdinalIgnoreCase))
            {
                throw Error("ldif.change-record-unsupported", "LDIF change records are not supported; PKD files hold content records only.");
            }

            entryBytes += value.Length;
            if (entryBytes > _options.MaxEntryBytes)
            {
                throw Error("ldif.entry-too-large", $"Record exceeds {_options.MaxEntryBytes} bytes.");
            }

            if (_options.ValidatePayloadFraming && IsDerPayload(name))
            {
                CheckFraming(name, value);
            }

            attributes.Add(new LdifAttribute(name, value, isBase64));
        }
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync();
        }
    }

    private static bool IsDerPayload(string name) =>
        name.EndsWith(";binary", StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, LdifEntry.MasterListAttribute, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, LdifEntry.DeviationListAttribute, StringComparison.OrdinalIgnoreCase);

    private void CheckFraming(string name, byte[] value)
    {
        try
        {
            if (!AsnDecoder.TryReadEncodedValue(value, AsnEncodingRules.BER, out _, out _, out _, out var consumed)
                || consumed != value.Length)
            {
                throw Error("ldif.truncated-value", $"The {name} value is not one complete DER element (truncated or trailing bytes).");
            }
        }
        catch (AsnContentException ex)
        {
            throw new Icao9303FormatException("ldif.truncated-value",
                $"Line {_logicalStartLine}: the {name} value is not a well-formed DER element.", ex);
        }
    }

    private (string Name, byte[] Value, bool IsBase64) ParseAttributeValue(ReadOnlySpan<byte> logical)
    {
        var colon = logical.IndexOf((byte)':');
        if (colon <= 0)
        {
            throw Error("ldif.syntax", "Expected 'name: value'.");
        }

        var nameBytes = logical[..colon];
        foreach (var b in nameBytes)
        {
            // AttributeDescription: letters, digits, '-', '.', ';' (options).
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)';' or (byte)'.'))
            {
                throw Error("ldif.syntax", "Invalid character in attribute name.");
            }
        }

        var name = Encoding.ASCII.GetString(nameBytes);
        var rest = logical[(colon + 1)..];
        if (!rest.IsEmpty && rest[0] == (byte)':')
        {
            var b64 = TrimLeadingSpaces(rest[1..]);
            return (name, DecodeBase64(b64, name), true);
        }

        if (!rest.IsEmpty && rest[0] == (byte)'<')
        {
            throw Error("ldif.url-value-unsupported", $"URL values ('{name}:<') are not supported.");
        }

        var text = TrimLeadingSpaces(rest);
        foreach (var b in text)
        {
            if (b is 0 or (byte)'\r' or (byte)'\n')
            {
                throw Error("ldif.syntax", "Control character in a plain value.");
            }
        }

        return (name, text.ToArray(), false);
    }

    private byte[] DecodeBase64(ReadOnlySpan<byte> b64, string name)
    {
        var result = new byte[Base64.GetMaxDecodedFromUtf8Length(b64.Length)];
        var status = Base64.DecodeFromUtf8(b64, result, out var consumed, out var written);
        if (status == System.Buffers.OperationStatus.NeedMoreData)
        {
            throw Error("ldif.truncated-base64", $"The base64 value of {name} ends in the middle of a group (truncated?).");
        }

        if (status != System.Buffers.OperationStatus.Done || consumed != b64.Length)
        {
            throw Error("ldif.invalid-base64", $"The value of {name} is not valid base64.");
        }

        return written == result.Length ? result : result.AsSpan(0, written).ToArray();
    }

    private static ReadOnlySpan<byte> TrimLeadingSpaces(ReadOnlySpan<byte> value)
    {
        var i = 0;
        while (i < value.Length && value[i] == (byte)' ')
        {
            i++;
        }

        return value[i..];
    }

    private void AppendLogical(ReadOnlySpan<byte> bytes)
    {
        var needed = _logicalLength + bytes.Length;
        if (needed > _options.MaxEntryBytes)
        {
            throw Error("ldif.entry-too-large", $"A value exceeds {_options.MaxEntryBytes} bytes.");
        }

        if (needed > _logical.Length)
        {
            Array.Resize(ref _logical, Math.Min(Math.Max(needed, _logical.Length * 2), _options.MaxEntryBytes));
        }

        bytes.CopyTo(_logical.AsSpan(_logicalLength));
        _logicalLength = needed;
    }

    /// <summary>Reads one physical line (without its LF / CRLF) into <see cref="_line"/>; false at end of stream.</summary>
    private async ValueTask<bool> ReadPhysicalLineAsync(CancellationToken cancellationToken)
    {
        _lineLength = 0;
        var sawAny = false;
        while (true)
        {
            if (_bufferPos == _bufferLength)
            {
                if (_endOfStream)
                {
                    if (sawAny)
                    {
                        _lineNumber++;
                        throw Error("ldif.truncated", "The file ends without a line terminator (truncated?).");
                    }

                    return false;
                }

                _bufferLength = await _stream.ReadAsync(_buffer, cancellationToken);
                _bufferPos = 0;
                if (_bufferLength == 0)
                {
                    _endOfStream = true;
                    continue;
                }
            }

            var available = _buffer.AsSpan(_bufferPos, _bufferLength - _bufferPos);
            var newline = available.IndexOf((byte)'\n');
            var chunk = newline >= 0 ? available[..newline] : available;
            AppendLine(chunk);
            sawAny = true;
            if (newline >= 0)
            {
                _bufferPos += newline + 1;
                _lineNumber++;
                if (_lineLength > 0 && _line[_lineLength - 1] == (byte)'\r')
                {
                    _lineLength--;
                }

                return true;
            }

            _bufferPos = _bufferLength;
        }
    }

    private void AppendLine(ReadOnlySpan<byte> bytes)
    {
        var needed = _lineLength + bytes.Length;
        if (needed > _options.MaxLineBytes)
        {
            throw Error("ldif.line-too-long", $"Line longer than {_options.MaxLineBytes} bytes.");
        }

        if (needed > _line.Length)
        {
            Array.Resize(ref _line, Math.Min(Math.Max(needed, _line.Length * 2), _options.MaxLineBytes));
        }

        bytes.CopyTo(_line.AsSpan(_lineLength));
        _lineLength = needed;
    }

    private Icao9303FormatException Error(string reason, string message) =>
        new(reason, $"LDIF line {_lineNumber}: {message}");
}
