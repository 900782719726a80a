using System;
using System.IO;
using System.Text;

namespace ContainerScheduling.Cli.IO;

/// <summary>
/// A write-only stream that decodes UTF-8 bytes onto a <see cref="TextWriter"/>, so byte-oriented writers (such as
/// <see cref="System.Text.Json.Utf8JsonWriter"/>) can write to <c>Console.Out</c> or to a test's
/// <see cref="StringWriter"/>. A multi-byte character split across writes is decoded correctly.
/// </summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly TextWriter _writer = writer;
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private char[] _chars = new char[4096];

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var needed = _decoder.GetCharCount(buffer, flush: false);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var count = _decoder.GetChars(buffer, _chars, flush: false);
        _writer.Write(_chars, 0, count);
    }

    public override void Flush() => _writer.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
