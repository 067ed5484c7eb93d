using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Data.Sources;
using Xunit;

namespace Pipeline.Tests.Data;

public sealed class FolderReaderTests
{
    private static TempFolder Freiburg(int perClass = 4)
    {
        var dir = new TempFolder();
        foreach (var folder in new[] { "TOMATO_SAUCE", "BEANS" })
        {
            Directory.CreateDirectory(dir.File(folder));
            for (int i = 0; i < perClass; i++)
            {
                File.WriteAllBytes(dir.File(folder, $"{folder}{i:D4}.png"), PngFixture.Solid(16, (byte)i, 0, 0));
            }
        }
        return dir;
    }

    [Fact]
    public void Folder_names_become_lower_case_labels_and_ids_are_relative_paths()
    {
        using var dir = Freiburg();
        File.WriteAllText(dir.File("classid.txt"), "BEANS 0\nTOMATO_SAUCE 1\n");
        File.WriteAllText(dir.File("BEANS", "notes.txt"), "x");
        var source = FolderReader.Read(new FoldersConfig { TestFraction = 0.25, Seed = 1 }, dir.Path);

        Assert.Equal(["beans", "tomato_sauce"], source.Classes);
        Assert.Equal(8, source.Labelled.Count + source.Test.Count);
        Assert.Contains(source.Labelled.Concat(source.Test), i => i.Id == "TOMATO_SAUCE/TOMATO_SAUCE0002" && i.Label == "tomato_sauce");
        Assert.Equal([new IgnoredFile("classid.txt", "not in a class folder"), new IgnoredFile("BEANS/notes.txt", "not an image file extension")], source.Ignored);
        // One of four per class is held out, with its label kept as ground truth.
        Assert.Equal(2, source.Test.Count);
        Assert.Equal(["beans", "tomato_sauce"], source.Test.Select(t => t.Label).Order());
        Assert.True(source.TestHasLabels);
    }

    [Fact]
    public void The_test_fraction_split_is_seeded()
    {
        using var dir = Freiburg(10);
        string[] Test(int seed) => [.. FolderReader.Read(new FoldersConfig { TestFraction = 0.3, Seed = seed }, dir.Path).Test.Select(t => t.Id)];
        Assert.Equal(Test(1), Test(1));
        Assert.NotEqual(Test(1), Test(2));
    }

    [Fact]
    public void A_test_list_names_the_test_images()
    {
        using var dir = Freiburg();
        File.WriteAllText(dir.File("test0.txt"), "# Freiburg split\nBEANS/BEANS0001.png 0\n\nTOMATO_SAUCE/TOMATO_SAUCE0003.png 1\n");
        var source = FolderReader.Read(new FoldersConfig { TestList = "test0.txt" }, dir.Path);
        Assert.Equal(["BEANS/BEANS0001", "TOMATO_SAUCE/TOMATO_SAUCE0003"], source.Test.Select(t => t.Id));
        Assert.Equal(6, source.Labelled.Count);
    }

    [Fact]
    public void A_test_list_line_that_names_no_image_is_an_error_with_its_line()
    {
        using var dir = Freiburg();
        var list = dir.File("test0.txt");
        File.WriteAllText(list, "BEANS/BEANS0001.png\nBEANS/BEANS9999.png\nBEANS/BEANS0001.png\n");
        var error = Assert.Throws<DataSourceException>(() => FolderReader.Read(new FoldersConfig { TestList = "test0.txt" }, dir.Path));
        Assert.Equal([$"{list}:2: 'BEANS/BEANS9999.png' is not an image under {dir.Path}", $"{list}:3: 'BEANS/BEANS0001.png' is listed twice"], error.Problems);
    }

    [Fact]
    public void An_empty_class_folder_is_an_error()
    {
        using var dir = Freiburg();
        Directory.CreateDirectory(dir.File("CORN"));
        var error = Assert.Throws<DataSourceException>(() => FolderReader.Read(new FoldersConfig(), dir.Path));
        Assert.Equal($"{dir.File("CORN")}: class 'corn' has no images", error.Message);
    }

    [Fact]
    public void A_missing_root_names_the_setting()
    {
        var error = Assert.Throws<DataSourceException>(() => FolderReader.Read(new FoldersConfig { Root = "/nonexistent/freiburg" }));
        Assert.Equal("folders.root: the folder /nonexistent/freiburg does not exist", error.Message);
    }
}
