using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Intrinsics;

/// <summary>Parses <c>States.Format('x {}', $.a, States.Array(1))</c> into an <see cref="IntrinsicExpression"/>.</summary>
internal static class IntrinsicParser
{
    public static bool LooksLikeIntrinsic(string text) => text.StartsWith("States.", StringComparison.Ordinal);

    public static bool TryParse(string text, out IntrinsicExpression.Call call, out string error)
    {
        call = null!;
        var i = 0;
        try
        {
            SkipSpaces(text, ref i);
            var expr = ParseCall(text, ref i);
            SkipSpaces(text, ref i);
            if (i != text.Length)
            {
                error = $"unexpected text after the function call at position {i}";
                return false;
            }

            if (!IntrinsicFunctions.TryCheckArity(expr, out error))
            {
                return false;
            }

            call = expr;
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static IntrinsicExpression.Call ParseCall(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        var name = text[start..i];
        if (!IntrinsicFunctions.IsKnown(name))
        {
            throw new FormatException($"unknown intrinsic function '{name}'");
        }

        SkipSpaces(text, ref i);
        Expect(text, ref i, '(');
        var args = new List<IntrinsicExpression>();
        SkipSpaces(text, ref i);
        if (i < text.Length && text[i] == ')')
        {
            i++;
            return new IntrinsicExpression.Call(name, [.. args]);
        }

        while (true)
        {
            SkipSpaces(text, ref i);
            args.Add(ParseArgument(text, ref i));
            SkipSpaces(text, ref i);
            if (i < text.Length && text[i] == ',')
            {
                i++;
                continue;
            }

            Expect(text, ref i, ')');
            return new IntrinsicExpression.Call(name, [.. args]);
        }
    }

    private static IntrinsicExpression ParseArgument(string text, ref int i)
    {
        if (i >= text.Length)
        {
            throw new FormatException("unexpected end of the function call");
        }

        var c = text[i];
        if (c == '\'')
        {
            var (value, formatText) = ReadString(text, ref i);
            return new IntrinsicExpression.Literal(JsonValue.Create(value), formatText);
        }

        if (c == '$')
        {
            var start = i;
            var depth = 0;
            char? quote = null;
            while (i < text.Length)
            {
                var ch = text[i];
                if (quote is not null)
                {
                    if (ch == quote)
                    {
                        quote = null;
                    }
                }
                else if (ch is '\'' or '"')
                {
                    quote = ch;
                }
                else if (ch is '[' or '(')
                {
                    depth++;
                }
                else if (ch is ']' || (ch == ')' && depth > 0))
                {
                    depth--;
                }
                else if (depth == 0 && (ch is ',' or ')'))
                {
                    break;
                }

                i++;
            }

            var pathText = text[start..i].TrimEnd();
            return JsonPath.TryParse(pathText, out var path, out var error)
                ? new IntrinsicExpression.Path(path)
                : throw new FormatException(error);
        }

        if (text.AsSpan(i).StartsWith("States.", StringComparison.Ordinal))
        {
            return ParseCall(text, ref i);
        }

        var tokenStart = i;
        while (i < text.Length && text[i] != ',' && text[i] != ')' && text[i] != ' ')
        {
            i++;
        }

        var token = text[tokenStart..i];
        switch (token)
        {
            case "true":
                return new IntrinsicExpression.Literal(JsonValue.Create(true));
            case "false":
                return new IntrinsicExpression.Literal(JsonValue.Create(false));
            case "null":
                return new IntrinsicExpression.Literal(null);
        }

        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return new IntrinsicExpression.Literal(JsonValue.Create(l));
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return new IntrinsicExpression.Literal(JsonValue.Create(d));
        }

        throw new FormatException($"unexpected argument '{token}' at position {tokenStart}");
    }

    private static (string Value, string FormatText) ReadString(string text, ref int i)
    {
        i++;
        var sb = new StringBuilder();
        var format = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                var n = text[i + 1];
                if (n is '\'' or '{' or '}' or '\\')
                {
                    // States.Format must still tell an escaped brace from a placeholder.
                    format.Append(n is '{' or '}' ? "\\" + n : n.ToString());
                    sb.Append(n);
                    i += 2;
                    continue;
                }
            }

            if (c == '\'')
            {
                i++;
                return (sb.ToString(), format.ToString());
            }

            sb.Append(c);
            format.Append(c);
            i++;
        }

        throw new FormatException("unclosed string literal");
    }

    private static void Expect(string text, ref int i, char c)
    {
        if (i >= text.Length || text[i] != c)
        {
            throw new FormatException($"expected '{c}' at position {i}");
        }

        i++;
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }
}
