using System.Numerics;

namespace OrderSaga.Local.Events;

/// <summary>
/// AWS compares numbers as exact decimals with at most six decimal places, between -5.0E9 and 5.0E9 inclusive;
/// a number outside that cannot take part in numeric matching (and is refused in a pattern's numeric operators).
/// The value is kept as an integer count of millionths, so comparisons are exact.
/// </summary>
internal static class ComparableNumber
{
    public const string TooPreciseMessage = "Only values upto 6 decimals are supported";
    public const string OutOfRangeMessage = "Value must be between -5.0E9 and 5.0E9, inclusive";
    private const int MaxDecimals = 6;
    private static readonly BigInteger Limit = new(5_000_000_000_000_000L);

    public static bool TryParse(string text, out long millionths) => Parse(text, out millionths) is null;

    /// <returns>null when <paramref name="text"/> is a comparable number; otherwise AWS's reason.</returns>
    public static string? Parse(string text, out long millionths)
    {
        millionths = 0;
        var span = text.AsSpan();
        var negative = false;
        var i = 0;
        if (i < span.Length && span[i] is '-' or '+')
        {
            negative = span[i] == '-';
            i++;
        }

        var digits = new System.Text.StringBuilder();
        var fraction = 0;
        var seenDigit = false;
        while (i < span.Length && char.IsAsciiDigit(span[i]))
        {
            digits.Append(span[i++]);
            seenDigit = true;
        }

        if (i < span.Length && span[i] == '.')
        {
            i++;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                digits.Append(span[i++]);
                fraction++;
                seenDigit = true;
            }
        }

        var exponent = 0L;
        if (i < span.Length && span[i] is 'e' or 'E')
        {
            i++;
            var expNegative = false;
            if (i < span.Length && span[i] is '-' or '+')
            {
                expNegative = span[i] == '-';
                i++;
            }

            var expDigits = false;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                exponent = Math.Min((exponent * 10) + (span[i++] - '0'), 100_000);
                expDigits = true;
            }

            if (!expDigits)
            {
                return OutOfRangeMessage;
            }

            exponent = expNegative ? -exponent : exponent;
        }

        if (!seenDigit || i != span.Length)
        {
            return OutOfRangeMessage;
        }

        var mantissa = digits.ToString().TrimStart('0');
        var scale = fraction - exponent;
        if (mantissa.Length == 0)
        {
            return null;
        }

        while (mantissa.Length > 1 && mantissa[^1] == '0')
        {
            mantissa = mantissa[..^1];
            scale--;
        }

        if (scale > MaxDecimals)
        {
            return TooPreciseMessage;
        }

        // Beyond 20 digits the value cannot be within ±5e9 millionths whatever the scale.
        if (mantissa.Length - scale > 20)
        {
            return OutOfRangeMessage;
        }

        var value = BigInteger.Parse(mantissa, System.Globalization.CultureInfo.InvariantCulture) * BigInteger.Pow(10, (int)(MaxDecimals - scale));
        if (value > Limit)
        {
            return OutOfRangeMessage;
        }

        millionths = (long)(negative ? -value : value);
        return null;
    }
}
