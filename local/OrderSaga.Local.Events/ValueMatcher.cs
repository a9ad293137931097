using System.Net;

namespace OrderSaga.Local.Events;

/// <summary>One compiled value of a pattern field; a field matches when any of its values matches one of the event's values.</summary>
internal abstract class ValueMatcher
{
    public virtual bool IsAbsence => false;

    /// <summary>The wildcard strings this value compiles to, for the complexity check; null for other values.</summary>
    public virtual IReadOnlyList<string>? Wildcards => null;

    /// <summary>Identifies the value among a field's values (equal values are one value to AWS's matcher).</summary>
    public virtual string Identity => GetType().Name + ":" + GetHashCode().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public abstract bool Matches(in Leaf leaf);
}

internal sealed class ExactStringMatcher(string value) : ValueMatcher
{
    private readonly IPAddress? _ip = IpRange.TryParseStrict(value, out var ip) ? ip : null;

    public override string Identity => "string:" + value;

    /// <summary>The literal, when only an equal string can match (no IP-address equivalence).</summary>
    public string? PlainValue => _ip is null ? value : null;

    public override bool Matches(in Leaf leaf)
    {
        if (leaf.Kind != LeafKind.String)
        {
            return false;
        }

        if (string.Equals(leaf.Text, value, StringComparison.Ordinal))
        {
            return true;
        }

        // AWS compares an IP address written as a literal by address, so "2001:db8::1" matches "2001:0db8:0:0:0:0:0:1".
        return _ip is not null && IpRange.TryParseStrict(leaf.Text, out var other) && _ip.Equals(other);
    }
}

internal sealed class ExactNumberMatcher(string text, long value, bool hasValue) : ValueMatcher
{
    public override string Identity => hasValue ? "number:" + value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "number:" + text;

    public override bool Matches(in Leaf leaf) =>
        leaf.Kind == LeafKind.Number
        && (string.Equals(leaf.Text, text, StringComparison.Ordinal) || (hasValue && leaf.HasNumber && leaf.Number == value));
}

internal sealed class LiteralMatcher(LeafKind kind) : ValueMatcher
{
    public override string Identity => "literal:" + kind;

    public override bool Matches(in Leaf leaf) => leaf.Kind == kind;
}

internal sealed class ExistsMatcher : ValueMatcher
{
    public static readonly ExistsMatcher Instance = new();

    public override string Identity => "exists";

    public override bool Matches(in Leaf leaf) => true;
}

internal sealed class AbsenceMatcher : ValueMatcher
{
    public static readonly AbsenceMatcher Instance = new();

    public override string Identity => "absent";

    public override bool IsAbsence => true;

    public override bool Matches(in Leaf leaf) => false;
}

internal sealed class PrefixMatcher(string prefix, bool ignoreCase) : ValueMatcher
{
    public override string Identity => (ignoreCase ? "prefix-ignore-case:" : "prefix:") + prefix;

    public override bool Matches(in Leaf leaf) =>
        leaf.Kind == LeafKind.String
        && leaf.Text.StartsWith(prefix, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

internal sealed class SuffixMatcher(string suffix, bool ignoreCase) : ValueMatcher
{
    public override string Identity => (ignoreCase ? "suffix-ignore-case:" : "suffix:") + suffix;

    public override bool Matches(in Leaf leaf) =>
        leaf.Kind == LeafKind.String
        && leaf.Text.EndsWith(suffix, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}

internal sealed class EqualsIgnoreCaseMatcher(string value) : ValueMatcher
{
    public override string Identity => "equals-ignore-case:" + value;

    public override bool Matches(in Leaf leaf) =>
        leaf.Kind == LeafKind.String && string.Equals(leaf.Text, value, StringComparison.OrdinalIgnoreCase);
}

internal sealed class WildcardValueMatcher(WildcardPattern pattern, string source) : ValueMatcher
{
    public override IReadOnlyList<string>? Wildcards => [source];

    public override string Identity => "wildcard:" + source;

    public override bool Matches(in Leaf leaf) => leaf.Kind == LeafKind.String && pattern.IsMatch(leaf.Text);
}

internal sealed class NumericRangeMatcher(long low, bool lowOpen, long high, bool highOpen) : ValueMatcher
{
    public override bool Matches(in Leaf leaf)
    {
        if (leaf.Kind != LeafKind.Number || !leaf.HasNumber)
        {
            return false;
        }

        var v = leaf.Number;
        return (lowOpen ? v > low : v >= low) && (highOpen ? v < high : v <= high);
    }
}

internal sealed class CidrMatcher(IpRange range) : ValueMatcher
{
    public override bool Matches(in Leaf leaf) => leaf.Kind == LeafKind.String && range.Contains(leaf.Text);
}

/// <summary>
/// anything-but: matches every value present in the event except the excluded ones, whatever their type
/// (a number is not excluded by a string list, null is never excluded); a missing field does not match.
/// </summary>
internal sealed class AnythingButMatcher(HashSet<string> strings, HashSet<long> numbers, ValueMatcher[] excludedBy) : ValueMatcher
{
    private readonly string[]? _wildcards = excludedBy.Length > 0 && excludedBy.All(m => m.Wildcards is not null)
        ? excludedBy.SelectMany(m => m.Wildcards!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()
        : null;

    public override IReadOnlyList<string>? Wildcards => _wildcards;

    // A negated wildcard list is one value with several byte paths.
    public override string Identity => _wildcards is null ? base.Identity : "anything-but:wildcard:" + string.Join('\u0001', _wildcards);

    public override bool Matches(in Leaf leaf)
    {
        if (leaf.Kind == LeafKind.String && strings.Contains(leaf.Text))
        {
            return false;
        }

        if (leaf.Kind == LeafKind.Number && leaf.HasNumber && numbers.Contains(leaf.Number))
        {
            return false;
        }

        foreach (var matcher in excludedBy)
        {
            if (matcher.Matches(leaf))
            {
                return false;
            }
        }

        return true;
    }
}
