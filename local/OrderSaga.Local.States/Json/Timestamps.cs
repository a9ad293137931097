using System.Globalization;
using System.Text.RegularExpressions;

namespace OrderSaga.Local.States.Json;

/// <summary>ISO-8601 extended offset date-times as ASL accepts them (<c>2016-03-14T01:59:00Z</c>, offsets, fractions).</summary>
public static partial class Timestamps
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Shape();

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        if (!Shape().IsMatch(text))
        {
            return false;
        }

        // .NET parses at most 7 fraction digits; AWS accepts nanoseconds.
        var normalized = Regex.Replace(text, @"\.(\d{7})\d+", ".$1");
        return DateTimeOffset.TryParse(normalized, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>The form AWS uses in the context object: <c>2024-01-01T00:00:00.000Z</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
