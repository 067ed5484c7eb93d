using Pipeline.Benchmarks;
using Xunit;

namespace Pipeline.Tests.Benchmarks;

public sealed class WorkerOptionsTests
{
    [Theory]
    [InlineData(null, TensorLayout.Contiguous)]
    [InlineData("", TensorLayout.Contiguous)]
    [InlineData("contiguous", TensorLayout.Contiguous)]
    [InlineData("channels_last", TensorLayout.ChannelsLast)]
    [InlineData(" channels_last ", TensorLayout.ChannelsLast)]
    public void Memory_format_reads_the_two_layouts_and_defaults_to_contiguous(string? value, TensorLayout expected) =>
        Assert.Equal(expected, WorkerOptions.MemoryFormat(value));

    [Theory]
    [InlineData("channelslast")]
    [InlineData("nhwc")]
    [InlineData("Channels_Last")]
    public void An_unknown_memory_format_is_an_error_naming_the_variable_and_the_choices(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => WorkerOptions.MemoryFormat(value));
        Assert.Contains(WorkerOptions.MemoryFormatVariable, error.Message);
        Assert.Contains($"'{value}'", error.Message);
        Assert.Contains("channels_last", error.Message);
    }

    [Fact]
    public void Tta_images_reads_a_comma_separated_list_and_is_null_when_unset()
    {
        Assert.Null(WorkerOptions.TtaImages(null));
        Assert.Null(WorkerOptions.TtaImages(" "));
        Assert.Equal([13, 32], WorkerOptions.TtaImages("13, 32"));
    }

    [Theory]
    [InlineData("0", "'0'")]
    [InlineData("13,x", "'x'")]
    [InlineData("-3", "'-3'")]
    [InlineData("13,,32", "''")]
    public void A_bad_tta_images_entry_is_an_error_naming_the_variable_and_the_entry(string value, string entry)
    {
        var error = Assert.Throws<ArgumentException>(() => WorkerOptions.TtaImages(value));
        Assert.Contains(WorkerOptions.TtaImagesVariable, error.Message);
        Assert.Contains(entry, error.Message);
    }

    [Theory]
    [InlineData(128, 10, 13)]
    [InlineData(320, 10, 32)]
    [InlineData(125, 10, 13)]
    [InlineData(5, 10, 1)]
    [InlineData(128, 1, 128)]
    public void Images_for_a_forward_batch_round_to_the_nearest_whole_image(int forward, int views, int expected) =>
        Assert.Equal(expected, WorkerOptions.ImagesForForwardBatch(forward, views));
}
