using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;

namespace ContainerScheduling.Cli.Json;

/// <summary>
/// A forward-only JSON token reader over a <see cref="Stream"/> of any size: a <see cref="Utf8JsonReader"/> over a
/// buffer that is refilled (and grown when one token does not fit) as the reader consumes it. Memory stays at the
/// size of the largest token, never the size of the file.
/// </summary>
/// <remarks>
/// <para>When <see cref="Utf8JsonReader.Read"/> returns false before the final block, the unconsumed tail is
/// shifted to the front of the buffer, the stream is read once more into the free space, and the reader is
/// recreated from its <see cref="Utf8JsonReader.CurrentState"/> (which carries depth and line numbers).</para>
/// <para>Syntax errors become a <see cref="CliException"/> naming the file, line and column. Positions of
/// semantic errors come from <see cref="Position"/>, which counts line breaks incrementally (each byte once).</para>
/// </remarks>
internal ref struct StreamingJsonReader
{
    /// <summary>The default buffer size: large enough that refills are rare, small enough to stay in cache.</summary>
    internal const int DefaultBufferSize = 64 * 1024;

    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow };

    private readonly Stream _stream;
    private readonly string _fileName;
    private string? _scope;
    private byte[] _buffer;
    private int _length;
    private bool _isFinalBlock;
    private Utf8JsonReader _reader;

    // Position bookkeeping: line breaks are counted in _buffer[.._countedTo] and everything shifted out before it.
    private long _bufferOffset;
    private int _countedTo;
    private long _lines;
    private long _lineStart;

    /// <summary>Starts reading a stream; a UTF-8 byte order mark is skipped.</summary>
    /// <param name="stream">The JSON text, UTF-8 encoded.</param>
    /// <param name="fileName">The file name used in error messages.</param>
    /// <param name="bufferSize">The initial buffer size in bytes (tests use tiny ones to hit every boundary).</param>
    public StreamingJsonReader(Stream stream, string fileName, int bufferSize = DefaultBufferSize)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferSize);
        _stream = stream;
        _fileName = fileName;
        _buffer = new byte[bufferSize];
        while (_length < 3 && !_isFinalBlock)
        {
            if (_length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            ReadOnce();
        }

        if (_buffer.AsSpan(0, _length).StartsWith("\uFEFF"u8))
        {
            // A byte order mark is not JSON: Utf8JsonReader rejects it, editors write it.
            _buffer.AsSpan(3, _length - 3).CopyTo(_buffer);
            _length -= 3;
        }

        _reader = new Utf8JsonReader(_buffer.AsSpan(0, _length), _isFinalBlock, new JsonReaderState(Options));
    }

    /// <summary>
    /// Gets the name that starts every message: the file name, followed by <see cref="Scope"/> when one is set
    /// (<c>scenario.json: events[3].workload</c>).
    /// </summary>
    public readonly string FileName => _scope is null ? _fileName : $"{_fileName}: {_scope}";

    /// <summary>
    /// Gets or sets the part of the file being read, for messages, when one file embeds documents that have a reader
    /// of their own (a scenario embeds a cluster and workloads); null for the whole file.
    /// </summary>
    public string? Scope
    {
        readonly get => _scope;
        set => _scope = value;
    }

    /// <summary>Gets the type of the current token.</summary>
    public readonly JsonTokenType TokenType => _reader.TokenType;

    /// <summary>Gets the depth of the current token (0 for the root value).</summary>
    public readonly int CurrentDepth => _reader.CurrentDepth;

    /// <summary>Reads the next token, refilling the buffer as needed.</summary>
    /// <returns>False at the end of the document.</returns>
    /// <exception cref="CliException">The text is not valid JSON.</exception>
    public bool Read()
    {
        try
        {
            while (!_reader.Read())
            {
                if (_isFinalBlock)
                {
                    return false;
                }

                Refill();
            }

            return true;
        }
        catch (JsonException) when (_reader.TokenType == JsonTokenType.None && _isFinalBlock && _buffer.AsSpan(0, _length).Trim(" \t\r\n"u8).IsEmpty)
        {
            // Nothing but whitespace: an empty document, which the caller explains better than the reader.
            return false;
        }
        catch (JsonException e)
        {
            throw SyntaxError(e);
        }
    }

    /// <summary>Reads the next token and fails when the document ends (the reader reports truncation itself).</summary>
    public void ReadRequired()
    {
        if (!Read())
        {
            throw new CliException($"{FileName}: invalid JSON: the document ended unexpectedly");
        }
    }

    /// <summary>Skips the current value: a scalar is already consumed; an object or array is read to its end.</summary>
    public void SkipValue()
    {
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var depth = CurrentDepth;
        do
        {
            ReadRequired();
        }
        while (CurrentDepth > depth || TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray));
    }

    /// <summary>Whether the current property name or string equals <paramref name="utf8"/> (after unescaping).</summary>
    public readonly bool ValueTextEquals(ReadOnlySpan<byte> utf8) => _reader.ValueTextEquals(utf8);

    /// <summary>Gets the current string or property name as a new string.</summary>
    public readonly string GetString() => _reader.GetString()!;

    /// <summary>Gets the current string or property name, shared through <paramref name="names"/>.</summary>
    public readonly string GetInternedString(NameTable names)
    {
        const int MaxStackChars = 256;
        var length = _reader.ValueSpan.Length;
        if (length > MaxStackChars)
        {
            return names.Intern(GetString());
        }

        // UTF-8 never needs more UTF-16 chars than bytes, and unescaping only shortens.
        Span<char> chars = stackalloc char[length];
        var written = _reader.CopyString(chars);
        return names.Intern(chars[..written]);
    }

    /// <summary>Gets the current number as a 64-bit integer, if it is one.</summary>
    public readonly bool TryGetInt64(out long value) => _reader.TryGetInt64(out value);

    /// <summary>Gets the current number as a 32-bit integer, if it is one.</summary>
    public readonly bool TryGetInt32(out int value) => _reader.TryGetInt32(out value);

    /// <summary>Describes the current value for a message: numbers as written, strings quoted, others by kind.</summary>
    public readonly string DescribeValue()
    {
        const int MaxShown = 60;
        switch (TokenType)
        {
            case JsonTokenType.Number:
                return Encoding.UTF8.GetString(_reader.ValueSpan);
            case JsonTokenType.String:
                var text = GetString();
                return "\"" + JsonInput.Escape(text.Length > MaxShown ? text[..MaxShown] + "…" : text) + "\"";
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return "null";
            case JsonTokenType.StartObject:
                return "an object";
            case JsonTokenType.StartArray:
                return "an array";
            default:
                return TokenType.ToString();
        }
    }

    /// <summary>
    /// Gets the 1-based line and column (in bytes) where the current token starts. Line breaks are counted
    /// incrementally, each byte once, so asking for every token's position stays linear in the file size.
    /// </summary>
    public TextPosition Position
    {
        get
        {
            var start = (int)_reader.TokenStartIndex;
            CountLinesUpTo(start);
            return new TextPosition(_lines + 1, _bufferOffset + start - _lineStart + 1);
        }
    }

    /// <summary>Formats <see cref="Position"/> as <c>line L, column C</c>.</summary>
    public string Where() => Position.ToString();

    private void CountLinesUpTo(int end)
    {
        if (end <= _countedTo)
        {
            return;
        }

        var span = _buffer.AsSpan(_countedTo, end - _countedTo);
        var lastBreak = span.LastIndexOf((byte)'\n');
        if (lastBreak >= 0)
        {
            _lines += span.Count((byte)'\n');
            _lineStart = _bufferOffset + _countedTo + lastBreak + 1;
        }

        _countedTo = end;
    }

    private void Refill()
    {
        var consumed = (int)_reader.BytesConsumed;
        CountLinesUpTo(consumed);
        _countedTo -= consumed;
        _bufferOffset += consumed;

        var state = _reader.CurrentState;
        var remaining = _length - consumed;
        _buffer.AsSpan(consumed, remaining).CopyTo(_buffer);
        _length = remaining;
        if (_length == _buffer.Length)
        {
            // One token is larger than the buffer.
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        ReadOnce();
        _reader = new Utf8JsonReader(_buffer.AsSpan(0, _length), _isFinalBlock, state);
    }

    private void ReadOnce()
    {
        Debug.Assert(_length < _buffer.Length, "there is room to read into");
        var read = _stream.Read(_buffer, _length, _buffer.Length - _length);
        if (read == 0)
        {
            _isFinalBlock = true;
        }

        _length += read;
    }

    private readonly CliException SyntaxError(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        var where = e.LineNumber is { } line
            ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}"
            : string.Empty;
        return new CliException($"{FileName}: invalid JSON{where}: {message.TrimEnd('.')}", e);
    }
}

/// <summary>A 1-based line and byte column in an input file.</summary>
/// <param name="Line">The line, from 1.</param>
/// <param name="Column">The byte offset in the line, from 1.</param>
internal readonly record struct TextPosition(long Line, long Column)
{
    /// <summary>Returns <c>line L, column C</c>.</summary>
    public override string ToString() => $"line {Line}, column {Column}";
}
