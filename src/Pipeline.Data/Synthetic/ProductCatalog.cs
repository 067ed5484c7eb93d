namespace Pipeline.Data.Synthetic;

/// <summary>
/// The 25 competition classes as synthetic product templates, with the real training counts used
/// to make class sizes unequal like the real data. Some pairs are deliberately close: juice and
/// milk are the same cartons in shared brand colours and differ only in the label pattern; sugar,
/// flour and rice are pale bags; tea and coffee are dark boxes sharing a black brand; beans, corn
/// and fish are cans; oil, vinegar and water are bottles.
/// </summary>
public static class ProductCatalog
{
    /// <summary>Training images a class in the competition's train.csv (SEED_FACTS), in label order.</summary>
    public static readonly IReadOnlyList<int> RealTrainCounts =
        [88, 105, 242, 181, 118, 199, 194, 63, 71, 71, 120, 157, 196, 105, 109, 93, 112, 97, 115, 135, 77, 184, 111, 102, 170];

    private const string Metal = "b8b8bc", White = "f2f2ef", Black = "1c1c1e";

    /// <summary>The templates in the competition's label order (alphabetical).</summary>
    public static readonly IReadOnlyList<ProductTemplate> Templates =
    [
        new("beans", PackageShape.Can, 0.78f, -0.62f, 0.62f, LabelPattern.Dots, true,
            [Palette.Of(Metal, "b25a1f", "f2dca0", Metal), Palette.Of(Metal, "33802f", "e8d080", Metal)]),
        new("cake", PackageShape.Box, 1.35f, -0.55f, 0.7f, LabelPattern.Dots, true,
            [Palette.Of("f2bfcc", "fae6ec", "99334d", "ffffff"), Palette.Of("f2e6bf", "fff8e6", "804d26", "ffffff")]),
        new("candy", PackageShape.Pouch, 0.75f, -0.5f, 0.6f, LabelPattern.Dots, false,
            [Palette.Of("e6339a", "f0f0f0", "f2e633", "ffffff"), Palette.Of("4db3e6", "ffe066", "e6338c", "ffffff"), Palette.Of("f28c1a", "fff2cc", "801a99", "ffffff")]),
        new("cereal", PackageShape.Box, 0.72f, -0.7f, 0.35f, LabelPattern.Dashes, true,
            [Palette.Of("f2bf26", "d92626", "ffffff", "ffffff"), Palette.Of("3366cc", "f2e64d", "1a3380", "ffffff"), Palette.Of("d9331a", "ffffff", "d9331a", "ffffff")]),
        new("chips", PackageShape.Bag, 0.78f, -0.45f, 0.55f, LabelPattern.Disc, true,
            [Palette.Of("d91f1a", "f2d933", "b3260d", Black), Palette.Of("f2cc26", "b31a1a", "f2cc26", Black), Palette.Of("3359bf", "f2f2f2", "f2b31a", Black)]),
        new("chocolate", PackageShape.Box, 2.3f, -0.55f, 0.55f, LabelPattern.Stripes, false,
            [Palette.Of("66381f", "e6bf4d", "66381f", "ffffff"), Palette.Of("8c3399", "ffffff", "8c3399", "ffffff"), Palette.Of("26408c", "e6cc99", "26408c", "ffffff")]),
        new("coffee", PackageShape.Box, 0.8f, -0.45f, 0.5f, LabelPattern.Dashes, true,
            [Palette.Of("4d2e1a", "d9331f", "f2e6cc", "ffffff"), Palette.Of(Black, "e6bf4d", Black, "ffffff"), Palette.Of("991a1a", "f2e6cc", "4d2e1a", "ffffff")]),
        new("corn", PackageShape.Can, 0.78f, -0.62f, 0.62f, LabelPattern.Stripes, false,
            [Palette.Of(Metal, "f2cc26", "338c33", Metal), Palette.Of(Metal, "338040", "f2d933", Metal)]),
        new("fish", PackageShape.Can, 1.6f, -0.5f, 0.5f, LabelPattern.Dashes, true,
            [Palette.Of(Metal, "2659bf", "ffffff", Metal), Palette.Of(Metal, "e6e6d9", "1a4db3", Metal), Palette.Of(Metal, "d94d26", "f2f2e6", Metal)]),
        new("flour", PackageShape.Bag, 0.66f, -0.3f, 0.5f, LabelPattern.Dashes, true,
            [Palette.Of("eeebe0", "3359b3", "ffffff", "cccccc"), Palette.Of("f2eed9", "cc2619", "ffffff", "cccccc")]),
        new("honey", PackageShape.Jar, 0.85f, -0.3f, 0.5f, LabelPattern.Dashes, true,
            [Palette.Of("d98c1a", "f2ebcc", "66400d", "d9b333", 0.9f), Palette.Of("b36b14", "ffffff", "80400d", "f2f2f2", 0.9f)]),
        new("jam", PackageShape.Jar, 0.9f, -0.25f, 0.5f, LabelPattern.Disc, false,
            [Palette.Of("8c0d1f", "ffffff", "8c0d1f", "d91a1a"), Palette.Of("591459", "f2ebd9", "591459", "d9b333")], CheckeredLid: true),
        new("juice", PackageShape.Carton, 0.62f, -0.35f, 0.65f, LabelPattern.Disc, false,
            [Palette.Of(White, "f28c1a", "338033", "ffffff"), Palette.Of(White, "3366cc", "ffffff", "ffffff"), Palette.Of("f2cc33", "e6661a", "ffffff", "ffffff")]),
        new("milk", PackageShape.Carton, 0.62f, -0.35f, 0.65f, LabelPattern.Waves, false,
            [Palette.Of(White, "3366cc", "ffffff", "ffffff"), Palette.Of(White, "cc2626", "ffffff", "ffffff"), Palette.Of(White, "f28c1a", "338033", "ffffff")]),
        new("nuts", PackageShape.Pouch, 0.8f, -0.4f, 0.55f, LabelPattern.DiagonalStripes, true,
            [Palette.Of("99663a", "f2e6bf", "80592e", "ffffff"), Palette.Of("26663a", "d9a659", "26663a", "ffffff")]),
        new("oil", PackageShape.Bottle, 0.34f, 0.05f, 0.7f, LabelPattern.Dashes, true,
            [Palette.Of("d9bf33", "33733a", "f2d94d", "26732e", 0.85f), Palette.Of("e6cc4d", "f2ebd9", "336633", "cc2626", 0.85f)]),
        new("pasta", PackageShape.Box, 0.55f, -0.45f, 0.6f, LabelPattern.VerticalStripes, true,
            [Palette.Of("264db3", "f2d966", "264db3", "ffffff"), Palette.Of("e6e6e6", "f2d966", "cc2626", "ffffff")]),
        new("rice", PackageShape.Bag, 0.7f, -0.3f, 0.5f, LabelPattern.Stripes, false,
            [Palette.Of("f2f0e6", "cc2619", "f2d94d", "cccccc"), Palette.Of("d9bf66", "f2f0e6", "991a1a", "cccccc")]),
        new("soda", PackageShape.Can, 0.52f, -0.85f, 0.85f, LabelPattern.Waves, true,
            [Palette.Of(Metal, "cc0d14", "ffffff", Metal), Palette.Of(Metal, Black, "d91a1a", Metal), Palette.Of(Metal, "268c33", "ffffff", Metal)]),
        new("spices", PackageShape.Jar, 0.5f, -0.2f, 0.55f, LabelPattern.Checker, false,
            [Palette.Of("b35926", "ffffff", "4d2e1a", "cc1a1a"), Palette.Of("668c33", "ffffff", "4d2e1a", "1a661a")]),
        new("sugar", PackageShape.Bag, 0.7f, -0.3f, 0.5f, LabelPattern.Dots, false,
            [Palette.Of("f2f2ee", "3359b3", "ffffff", "cccccc"), Palette.Of("f2f2f2", "33994d", "ffffff", "cccccc")]),
        new("tea", PackageShape.Box, 0.95f, -0.45f, 0.5f, LabelPattern.DiagonalStripes, true,
            [Palette.Of("26593a", "e6cc66", "26593a", "ffffff"), Palette.Of(Black, "e6bf4d", Black, "ffffff"), Palette.Of("8c1a26", "ffffff", "8c1a26", "ffffff")]),
        new("tomatosauce", PackageShape.Bottle, 0.48f, 0.0f, 0.65f, LabelPattern.Disc, false,
            [Palette.Of("bf140d", "ffffff", "338c33", "ffffff"), Palette.Of("a60f0d", "f2e6cc", "cc1a1a", "26261f")]),
        new("vinegar", PackageShape.Bottle, 0.32f, 0.05f, 0.7f, LabelPattern.Stripes, false,
            [Palette.Of("bf9959", "f2ebd9", "801a1a", "d9b333", 0.8f), Palette.Of("4d1a14", "f2ebd9", "4d1a14", "d9b333", 0.9f)]),
        new("water", PackageShape.Bottle, 0.38f, 0.0f, 0.45f, LabelPattern.Waves, false,
            [Palette.Of("bfe0f7", "3373d9", "ffffff", "3366cc", 0.4f), Palette.Of("d9eef7", "ffffff", "3373d9", "ffffff", 0.4f)]),
    ];
}
