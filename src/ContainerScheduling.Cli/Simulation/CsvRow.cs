namespace ContainerScheduling.Cli.Simulation;

/// <summary>One data row of a <see cref="CsvTable"/>.</summary>
/// <param name="Line">The row's line number in the file (1 = the first line).</param>
/// <param name="Fields">The trimmed fields, as many as the header has columns.</param>
internal sealed record CsvRow(int Line, string[] Fields);
