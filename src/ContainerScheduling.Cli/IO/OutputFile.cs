using System;
using System.IO;

namespace ContainerScheduling.Cli.IO;

/// <summary>
/// Writes a file all-or-nothing: the content goes to a temporary file in the same directory, which replaces the
/// destination only when everything was written. On any failure the temporary file is deleted and the
/// destination is left as it was (absent, or its old content).
/// </summary>
internal static class OutputFile
{
    private const int BufferSize = 1 << 16;

    /// <summary>Checks, before any work, that <paramref name="path"/> can be the destination of a file.</summary>
    public static void CheckWritable(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CliException($"{option} needs a file name");
        }

        if (Directory.Exists(path))
        {
            throw new CliException($"cannot write '{path}' ({option}): it is a directory");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new CliException($"cannot write '{path}' ({option}): the directory '{directory}' does not exist");
        }
    }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(
            Path.GetDirectoryName(full) ?? ".",
            $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
            {
                write(stream);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(temporary);
            if (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot write '{path}': {e.Message}", e);
            }

            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original error is the one to report.
        }
    }
}
