using System;
using System.Collections.Generic;
using System.Globalization;

namespace ContainerScheduling.Cli.CommandLine;

/// <summary>
/// The options of one command, parsed by hand: <c>--name value</c>, <c>--name=value</c> and flags. Unknown
/// options, repeated options, missing values and stray arguments are errors that name the command.
/// </summary>
internal sealed class ParsedOptions
{
    private readonly string _command;
    private readonly Dictionary<string, string?> _values;

    private ParsedOptions(string command, Dictionary<string, string?> values, bool help)
    {
        _command = command;
        _values = values;
        Help = help;
    }

    /// <summary>Gets whether <c>-h</c> or <c>--help</c> was given (then nothing else is checked).</summary>
    public bool Help { get; }

    /// <summary>Parses a command's arguments.</summary>
    /// <param name="command">The command, for messages.</param>
    /// <param name="args">The arguments after the command.</param>
    /// <param name="valueOptions">Options that take a value, with their dashes (e.g. <c>--cluster</c>).</param>
    /// <param name="flags">Options without a value.</param>
    public static ParsedOptions Parse(string command, ReadOnlySpan<string> args, ReadOnlySpan<string> valueOptions, ReadOnlySpan<string> flags)
    {
        foreach (var arg in args)
        {
            if (arg is "-h" or "--help")
            {
                return new ParsedOptions(command, [], help: true);
            }
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new CliException($"'{command}' takes no argument '{arg}'; options start with '--' (see 'csched {command} --help')");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            string? value;
            if (Contains(valueOptions, name))
            {
                if (equals >= 0)
                {
                    value = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = args[++i];
                }
                else
                {
                    throw new CliException($"option {name} needs a value (see 'csched {command} --help')");
                }

                if (value.Length == 0)
                {
                    throw new CliException($"option {name} needs a non-empty value");
                }
            }
            else if (Contains(flags, name))
            {
                if (equals >= 0)
                {
                    throw new CliException($"option {name} takes no value, got '{arg}'");
                }

                value = null;
            }
            else
            {
                throw new CliException($"unknown option '{name}' for '{command}' (see 'csched {command} --help')");
            }

            if (!values.TryAdd(name, value))
            {
                throw new CliException($"option {name} is given more than once");
            }
        }

        return new ParsedOptions(command, values, help: false);
    }

    /// <summary>Gets whether a flag or option was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>Gets an option's value, or <paramref name="defaultValue"/> when it was not given.</summary>
    public string Get(string name, string defaultValue) => _values.TryGetValue(name, out var value) && value is not null ? value : defaultValue;

    /// <summary>Gets an option's value, or null when it was not given.</summary>
    public string? GetOptional(string name) => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>Gets a required option's value.</summary>
    public string GetRequired(string name) =>
        _values.TryGetValue(name, out var value) && value is not null
            ? value
            : throw new CliException($"'{_command}' needs {name} (see 'csched {_command} --help')");

    /// <summary>Gets an integer option in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public int GetInt32(string name, int defaultValue, int minimum, int maximum)
    {
        var text = GetOptional(name);
        if (text is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            throw new CliException($"option {name} must be an integer from {minimum} to {maximum}, got '{text}'");
        }

        return value;
    }

    /// <summary>Gets a number option in [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public double GetDouble(string name, double defaultValue, double minimum, double maximum)
    {
        var text = GetOptional(name);
        if (text is null)
        {
            return defaultValue;
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            throw new CliException($"option {name} must be a number from {minimum.ToString(CultureInfo.InvariantCulture)} to {maximum.ToString(CultureInfo.InvariantCulture)}, got '{text}'");
        }

        return value;
    }

    private static bool Contains(ReadOnlySpan<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
