using System.Diagnostics;
using System.Globalization;

namespace ContainerScheduling.Cli.Json;

/// <summary>
/// Where a value sits inside an input item, for messages: <c>labels</c>, <c>spread.maxSkew</c>,
/// <c>affinity[1].expressions[0]</c>. A plain value; the text is built only when a message needs it, so that reading
/// valid input allocates nothing for paths.
/// </summary>
internal readonly struct RulePath
{
    private readonly string _property;
    private readonly int _index;
    private readonly string? _member;
    private readonly int _memberIndex;

    /// <summary>Creates the path of a top-level property of the item.</summary>
    public RulePath(string property)
        : this(property, -1, null, -1)
    {
    }

    private RulePath(string property, int index, string? member, int memberIndex)
    {
        _property = property;
        _index = index;
        _member = member;
        _memberIndex = memberIndex;
    }

    /// <summary>Gets whether this is the item's own <c>labels</c> (whose messages need no location).</summary>
    public bool IsOwnLabels => _index < 0 && _member is null && _property == "labels";

    /// <summary>Returns the path of element <paramref name="index"/> of the array this path names.</summary>
    public RulePath At(int index) => _member is null
        ? new RulePath(_property, index, null, -1)
        : new RulePath(_property, _index, _member, index);

    /// <summary>Returns the path of a property of the object this path names.</summary>
    /// <remarks>Only one level of members is kept: rules nest no deeper than <c>affinity[i].expressions[j]</c>,
    /// and a message names the leaf itself (<c>'…key'</c>).</remarks>
    public RulePath Member(string member)
    {
        Debug.Assert(_member is null, "rules nest one member deep");
        return new RulePath(_property, _index, member, -1);
    }

    /// <summary>Returns the path, e.g. <c>affinity[1].expressions[0]</c>.</summary>
    public override string ToString()
    {
        var text = _index < 0 ? _property : string.Create(CultureInfo.InvariantCulture, $"{_property}[{_index}]");
        if (_member is not null)
        {
            text += "." + _member;
            if (_memberIndex >= 0)
            {
                text += string.Create(CultureInfo.InvariantCulture, $"[{_memberIndex}]");
            }
        }

        return text;
    }
}
