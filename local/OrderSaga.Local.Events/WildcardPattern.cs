namespace OrderSaga.Local.Events;

/// <summary>A compiled wildcard: literal segments separated by '*' (zero or more characters); "\*" and "\\" are literal.</summary>
internal sealed class WildcardPattern
{
    private readonly string[] _segments;

    private WildcardPattern(string[] segments) => _segments = segments;

    public int WildcardCount => _segments.Length - 1;

    /// <summary>Parses AWS's wildcard syntax; the error text carries the byte position AWS reports.</summary>
    public static WildcardPattern Parse(string value)
    {
        var segments = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '*')
            {
                if (i + 1 < value.Length && value[i + 1] == '*')
                {
                    throw new InvalidEventPatternException($"Consecutive wildcard characters at pos {BytePosition(value, i)}");
                }

                segments.Add(current.ToString());
                current.Clear();
            }
            else if (c == '\\')
            {
                if (i + 1 >= value.Length || value[i + 1] is not ('*' or '\\'))
                {
                    throw new InvalidEventPatternException($"Invalid escape character at pos {BytePosition(value, i)}");
                }

                current.Append(value[++i]);
            }
            else
            {
                current.Append(c);
            }
        }

        segments.Add(current.ToString());
        return new WildcardPattern([.. segments]);
    }

    // AWS counts in UTF-8 bytes of the value as it sits between its quotes, so the first character is at 1.
    private static int BytePosition(string value, int index) => System.Text.Encoding.UTF8.GetByteCount(value.AsSpan(0, index)) + 1;

    public bool IsMatch(string text)
    {
        if (_segments.Length == 1)
        {
            return string.Equals(text, _segments[0], StringComparison.Ordinal);
        }

        var first = _segments[0];
        var last = _segments[^1];
        if (text.Length < first.Length + last.Length
            || !text.StartsWith(first, StringComparison.Ordinal)
            || !text.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        // Greedy leftmost placement of the middle segments is exact for '*'-only globs.
        var pos = first.Length;
        var end = text.Length - last.Length;
        for (var s = 1; s < _segments.Length - 1; s++)
        {
            var seg = _segments[s];
            if (seg.Length == 0)
            {
                continue;
            }

            var found = text.AsSpan(pos, end - pos).IndexOf(seg, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            pos += found + seg.Length;
        }

        return true;
    }
}
