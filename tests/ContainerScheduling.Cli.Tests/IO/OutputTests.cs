using System;
using System.IO;
using System.Text;
using ContainerScheduling.Cli.IO;
using ContainerScheduling.Cli.Tests.Support;
using Xunit;

namespace ContainerScheduling.Cli.Tests.IO;

public sealed class OutputTests
{
    [Fact]
    public void OutputFile_WriterThrows_LeavesNoFileBehind()
    {
        using var dir = new TempDirectory();
        var path = dir.File("out.json");

        Assert.Throws<InvalidOperationException>(() => OutputFile.Write(path, stream =>
        {
            stream.Write("partial"u8);
            throw new InvalidOperationException("boom");
        }));

        Assert.Empty(dir.FileNames());
    }

    [Fact]
    public void OutputFile_WriterThrows_KeepsThePreviousContent()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("out.json", "previous");

        Assert.Throws<InvalidOperationException>(() => OutputFile.Write(path, _ => throw new InvalidOperationException("boom")));

        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(["out.json"], dir.FileNames());
    }

    [Fact]
    public void TextWriterStream_MultiByteCharactersSplitAcrossWrites_DecodeIntact()
    {
        var bytes = Encoding.UTF8.GetBytes("né → 😀 ok");
        using var text = new StringWriter();
        using var stream = new TextWriterStream(text);

        foreach (var b in bytes)
        {
            stream.Write([b]);
        }

        stream.Flush();
        Assert.Equal("né → 😀 ok", text.ToString());
    }
}
