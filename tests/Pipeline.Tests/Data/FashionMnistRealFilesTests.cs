using System.Security.Cryptography;
using Pipeline.Data;
using Pipeline.Data.Configuration;
using Pipeline.Data.Sources;
using Xunit;

namespace Pipeline.Tests.Data;

/// <summary>
/// The reader on the real IDX files of the Debian package dataset-fashion-mnist, which .ci/run installs
/// (/usr/share/datasets/fashion-mnist). Without the package these tests fail with the reader's own message
/// saying how to install it: a missing data set is an error, not a skip.
/// </summary>
public sealed class FashionMnistRealFilesTests
{
    private const string PackagePath = "/usr/share/datasets/fashion-mnist";

    // SHA-256 of the 784 raw bytes of the first image of each split, from the published files
    // (both are ankle boots, label 9; the first training image is the one on the data set's README).
    private const string FirstTrainImageSha256 = "5bd44e331a6d6998daf675700cd0c13dcd7af8ab954b7585124124da61459e7b";
    private const string FirstTestImageSha256 = "ffc7351ed0f8bae542820866086177fa4e0b366b97bf9d998dffdb8dbe138787";

    private static readonly Lazy<LabelledSource> Whole =
        new(() => FashionMnistReader.Read(new FashionMnistConfig { Path = PackagePath, TrainCount = 0, TestCount = 0 }));

    [Fact]
    public void The_package_holds_60000_training_and_10000_test_images_of_28_px()
    {
        var source = Whole.Value;
        Assert.Equal(60_000, source.Labelled.Count);
        Assert.Equal(10_000, source.Test.Count);
        Assert.True(source.TestHasLabels);
        Assert.All(source.Labelled.Take(50).Concat(source.Test.Take(50)), image =>
        {
            Assert.Equal(28, image.Raw!.Width);
            Assert.Equal(28, image.Raw.Height);
            Assert.Equal(1, image.Raw.Channels);
        });
    }

    [Fact]
    public void Every_label_is_one_of_the_ten_classes_and_the_classes_are_balanced()
    {
        var source = Whole.Value;
        var train = source.Labelled.GroupBy(i => i.Label!).ToDictionary(g => g.Key, g => g.Count());
        var test = source.Test.GroupBy(i => i.Label!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(FashionMnistReader.ClassNames.Order(), train.Keys.Order());
        Assert.Equal(FashionMnistReader.ClassNames.Order(), test.Keys.Order());
        Assert.All(train.Values, count => Assert.Equal(6_000, count));
        Assert.All(test.Values, count => Assert.Equal(1_000, count));
    }

    [Fact]
    public void The_first_image_of_each_split_has_its_published_bytes()
    {
        var source = Whole.Value;
        var train = source.Labelled[0];
        var test = source.Test[0];
        Assert.Equal(("train_00000", "ankle_boot"), (train.Id, train.Label));
        Assert.Equal(("test_00000", "ankle_boot"), (test.Id, test.Label));
        Assert.Equal(FirstTrainImageSha256, Convert.ToHexStringLower(SHA256.HashData(train.Raw!.Pixels)));
        Assert.Equal(FirstTestImageSha256, Convert.ToHexStringLower(SHA256.HashData(test.Raw!.Pixels)));
    }

    [Fact]
    public void The_experiment_subset_is_stratified_and_seeded()
    {
        // The subset experiments/fashion-mnist uses: 3,200 labelled and 1,700 test images, seed 1.
        static LabelledSource Subset(int seed) =>
            FashionMnistReader.Read(new FashionMnistConfig { Path = PackagePath, TrainCount = 3_200, TestCount = 1_700, Seed = seed });
        var first = Subset(1);
        Assert.Equal(3_200, first.Labelled.Count);
        Assert.Equal(1_700, first.Test.Count);
        Assert.All(first.Labelled.GroupBy(i => i.Label), g => Assert.Equal(320, g.Count()));
        Assert.All(first.Test.GroupBy(i => i.Label), g => Assert.Equal(170, g.Count()));
        Assert.Equal(first.Labelled.Select(i => i.Id), Subset(1).Labelled.Select(i => i.Id));
        Assert.NotEqual(first.Labelled.Select(i => i.Id), Subset(2).Labelled.Select(i => i.Id));
    }
}
