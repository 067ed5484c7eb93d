using System.Text;
using System.Text.RegularExpressions;

namespace Pipeline.Ensembling.Configuration;

/// <summary>
/// Shell-style name patterns for ensemble members: <c>*</c> any run of characters, <c>?</c> one
/// character, <c>[1-6]</c> / <c>[!0]</c> one character from (or not from) a set; everything else is
/// literal. Matching is whole-name and case-sensitive, like file names on Linux.
/// </summary>
public static class GlobPattern
{
    /// <summary>Whether <paramref name="name"/> matches <paramref name="pattern"/> entirely.</summary>
    public static bool IsMatch(string pattern, string name) => ToRegex(pattern).IsMatch(name);

    /// <summary>Whether the pattern contains any wildcard (a plain name is matched literally).</summary>
    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>Checks the pattern's syntax (an unclosed <c>[</c> is the only way to get it wrong).</summary>
    public static bool IsValid(string pattern, out string error)
    {
        try
        {
            _ = Translate(pattern);
            error = "";
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>The anchored regular expression equivalent to <paramref name="pattern"/>.</summary>
    public static Regex ToRegex(string pattern) =>
        new(Translate(pattern), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));

    private static string Translate(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 2);
                    if (close < 0)
                    {
                        throw new FormatException($"pattern '{pattern}' opens '[' at position {i + 1} without a closing ']'");
                    }

                    var set = pattern.Substring(i + 1, close - i - 1);
                    regex.Append('[');
                    if (set[0] == '!')
                    {
                        regex.Append('^');
                        set = set[1..];
                    }
                    // Inside a class only '\', '^' and '[' need escaping for .NET; '-' keeps its range meaning.
                    foreach (var s in set)
                    {
                        if (s is '\\' or '^' or '[')
                        {
                            regex.Append('\\');
                        }

                        regex.Append(s);
                    }
                    regex.Append(']');
                    i = close;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return regex.Append('$').ToString();
    }
}
