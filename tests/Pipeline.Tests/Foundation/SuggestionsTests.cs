using Pipeline.Foundation;
using Xunit;

namespace Pipeline.Tests.Foundation;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("optimzer", "optimizer")]
    [InlineData("Ensmble", "Ensemble")]
    [InlineData("flip", "fliplr")]
    [InlineData("adm", "adam")]
    [InlineData("--jbos", "--jobs")]
    [InlineData("q", "p")]
    public void A_close_word_suggests_its_likely_intent(string word, string expected)
    {
        Assert.Equal(expected, Suggestions.Closest(word, ["p", "adam", "optimizer", "fliplr", "Ensemble", "--jobs", "Tta"]));
    }

    [Theory]
    [InlineData("lr", "p")]
    [InlineData("X", "Tta")]
    [InlineData("abcd", "wxyz")]
    public void A_far_word_suggests_nothing(string word, string candidate)
    {
        Assert.Null(Suggestions.Closest(word, [candidate]));
    }

    [Fact]
    public void The_limit_is_one_edit_up_to_three_letters_then_two_or_a_third()
    {
        Assert.Equal([1, 1, 1, 2, 2, 2, 2, 2, 3, 4], new[] { "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijkl" }.Select(Suggestions.Limit));
    }

    [Fact]
    public void All_close_candidates_come_nearest_first()
    {
        Assert.Equal(["affine_cp6", "affine_cp8"], Suggestions.AllClose("affine_cp66", ["affine", "affine_cp8", "none", "affine_cp6"]));
    }

    [Fact]
    public void A_swap_of_neighbours_is_one_edit()
    {
        Assert.Equal(1, Suggestions.Distance("optimzier", "optimizer"));
        Assert.Equal(3, Suggestions.Distance("kitten", "sitting"));
    }
}
