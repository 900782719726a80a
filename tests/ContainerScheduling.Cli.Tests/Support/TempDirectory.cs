using System;
using System.IO;

namespace ContainerScheduling.Cli.Tests.Support;

/// <summary>A directory under the system temp path for one test, deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "csched-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Gets the full path of a file in the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a UTF-8 file (no byte order mark) and returns its path.</summary>
    public string Write(string name, string content)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Gets the names of the files in the directory, sorted.</summary>
    public string[] FileNames()
    {
        var names = Directory.GetFileSystemEntries(Path);
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = System.IO.Path.GetFileName(names[i]);
        }

        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
