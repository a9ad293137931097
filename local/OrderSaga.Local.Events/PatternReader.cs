using System.Globalization;
using System.Text;

namespace OrderSaga.Local.Events;

/// <summary>
/// Pull tokenizer over a pattern's text. AWS validates patterns with a streaming JSON parser, so a rule error met
/// before a syntax error is the one reported; pulling tokens on demand keeps that order. Syntax errors carry the
/// parser's wording (e.g. "Unrecognized token 'x': was expecting ...").
/// </summary>
internal sealed class PatternReader
{
    private readonly string _text;
    private readonly Stack<bool> _containers = new(); // true = object
    private int _pos;
    private bool _afterFieldName;
    private bool _first = true;
    private bool _done;

    public PatternReader(string text) => _text = text;

    public PatternToken Current { get; private set; }

    public PatternToken Next()
    {
        if (_done)
        {
            throw Error("Unexpected end-of-input: no content after the root value");
        }

        SkipWhitespace();
        if (_containers.Count > 0 && !_afterFieldName)
        {
            var inObject = _containers.Peek();
            if (Eof)
            {
                throw Error($"Unexpected end-of-input: expected close marker for {(inObject ? "Object" : "Array")}");
            }

            var c = _text[_pos];
            if (c == (inObject ? '}' : ']'))
            {
                _pos++;
                _containers.Pop();
                _first = false;
                FinishValue();
                return Current = new PatternToken(inObject ? PatternTokenKind.EndObject : PatternTokenKind.EndArray, string.Empty);
            }

            if (!_first)
            {
                if (c != ',')
                {
                    throw Error($"Unexpected character ({Describe(c)}): was expecting comma to separate {(inObject ? "Object" : "Array")} entries");
                }

                _pos++;
                SkipWhitespace();
                if (Eof)
                {
                    throw Error($"Unexpected end-of-input: expected close marker for {(inObject ? "Object" : "Array")}");
                }

                c = _text[_pos];
            }

            if (inObject)
            {
                if (c != '"')
                {
                    throw Error($"Unexpected character ({Describe(c)}): was expecting double-quote to start field name");
                }

                _pos++;
                var name = ReadString();
                SkipWhitespace();
                if (Eof || _text[_pos] != ':')
                {
                    throw Eof
                        ? Error("Unexpected end-of-input: was expecting a colon to separate field name and value")
                        : Error($"Unexpected character ({Describe(_text[_pos])}): was expecting a colon to separate field name and value");
                }

                _pos++;
                _afterFieldName = true;
                return Current = new PatternToken(PatternTokenKind.FieldName, name);
            }
        }

        _afterFieldName = false;
        return Current = ReadValueStart();
    }

    private bool Eof => _pos >= _text.Length;

    private PatternToken ReadValueStart()
    {
        SkipWhitespace();
        if (Eof)
        {
            throw Error("Unexpected end-of-input: expected a value");
        }

        var c = _text[_pos];
        switch (c)
        {
            case '{':
                _pos++;
                _containers.Push(true);
                _first = true;
                return new PatternToken(PatternTokenKind.StartObject, string.Empty);
            case '[':
                _pos++;
                _containers.Push(false);
                _first = true;
                return new PatternToken(PatternTokenKind.StartArray, string.Empty);
            case '"':
                _pos++;
                var s = ReadString();
                FinishValue();
                return new PatternToken(PatternTokenKind.String, s);
            case '-' or (>= '0' and <= '9'):
                var n = ReadNumber();
                FinishValue();
                return new PatternToken(PatternTokenKind.Number, n);
            default:
                if (IsIdentifierChar(c))
                {
                    var word = ReadWord();
                    var kind = word switch
                    {
                        "true" => PatternTokenKind.True,
                        "false" => PatternTokenKind.False,
                        "null" => PatternTokenKind.Null,
                        _ => throw Error($"Unrecognized token '{word}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                    };
                    FinishValue();
                    return new PatternToken(kind, word);
                }

                throw Error($"Unexpected character ({Describe(c)}): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        }
    }

    private void FinishValue()
    {
        _first = false;
        if (_containers.Count == 0)
        {
            _done = true;
        }

    }

    private string ReadWord()
    {
        var start = _pos;
        while (!Eof && IsIdentifierChar(_text[_pos]))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private string ReadNumber()
    {
        var start = _pos;
        if (_text[_pos] == '-')
        {
            _pos++;
            if (Eof || !char.IsAsciiDigit(_text[_pos]))
            {
                throw Error(Eof
                    ? "Unexpected end-of-input in numeric value"
                    : $"Unexpected character ({Describe(_text[_pos])}) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value");
            }
        }

        if (_text[_pos] == '0' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))
        {
            throw Error("Invalid numeric value: Leading zeroes not allowed");
        }

        while (!Eof && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        if (!Eof && _text[_pos] == '.')
        {
            _pos++;
            if (Eof || !char.IsAsciiDigit(_text[_pos]))
            {
                throw Error("Unexpected character in numeric value: Decimal point not followed by a digit");
            }

            while (!Eof && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }
        }

        if (!Eof && _text[_pos] is 'e' or 'E')
        {
            _pos++;
            if (!Eof && _text[_pos] is '+' or '-')
            {
                _pos++;
            }

            if (Eof || !char.IsAsciiDigit(_text[_pos]))
            {
                throw Error("Unexpected character in numeric value: Exponent indicator not followed by a digit");
            }

            while (!Eof && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }
        }

        if (!Eof && IsIdentifierChar(_text[_pos]))
        {
            throw Error($"Unexpected character ({Describe(_text[_pos])}) in numeric value: expected digit");
        }

        return _text[start.._pos];
    }

    private string ReadString()
    {
        StringBuilder? sb = null;
        var start = _pos;
        while (true)
        {
            if (Eof)
            {
                throw Error("Unexpected end-of-input: was expecting closing quote for a string value");
            }

            var c = _text[_pos];
            if (c == '"')
            {
                var result = sb is null ? _text[start.._pos] : sb.Append(_text, start, _pos - start).ToString();
                _pos++;
                return result;
            }

            if (c < ' ')
            {
                throw Error($"Illegal unquoted character ((CTRL-CHAR, code {(int)c})): has to be escaped using backslash to be included in string value");
            }

            if (c != '\\')
            {
                _pos++;
                continue;
            }

            sb ??= new StringBuilder();
            sb.Append(_text, start, _pos - start);
            _pos++;
            if (Eof)
            {
                throw Error("Unexpected end-of-input in character escape sequence");
            }

            var e = _text[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _text.Length
                        || !int.TryParse(_text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Error("Unexpected character in Unicode escape: expected a hex-digit for character escape sequence");
                    }

                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    throw Error($"Unrecognized character escape {Describe(e)}");
            }

            start = _pos;
        }
    }

    private void SkipWhitespace()
    {
        while (!Eof && _text[_pos] is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }
    }

    private static string Describe(char c) => $"'{c}' (code {(int)c})";

    private static InvalidEventPatternException Error(string reason) => new(reason);
}
