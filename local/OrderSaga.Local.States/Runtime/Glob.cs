namespace OrderSaga.Local.States.Runtime;

/// <summary>StringMatches: <c>*</c> matches any run of characters; <c>\*</c> and <c>\\</c> are literal.</summary>
internal static class Glob
{
    public static bool Matches(string text, string pattern)
    {
        var tokens = new List<(char C, bool Star)>();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\' && i + 1 < pattern.Length && pattern[i + 1] is '*' or '\\')
            {
                tokens.Add((pattern[++i], false));
            }
            else
            {
                tokens.Add((pattern[i], pattern[i] == '*'));
            }
        }

        var ti = 0;
        var pi = 0;
        var starP = -1;
        var starT = 0;
        while (ti < text.Length)
        {
            if (pi < tokens.Count && !tokens[pi].Star && tokens[pi].C == text[ti])
            {
                ti++;
                pi++;
            }
            else if (pi < tokens.Count && tokens[pi].Star)
            {
                starP = pi++;
                starT = ti;
            }
            else if (starP >= 0)
            {
                pi = starP + 1;
                ti = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (pi < tokens.Count && tokens[pi].Star)
        {
            pi++;
        }

        return pi == tokens.Count;
    }
}
