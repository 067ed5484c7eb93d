using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary>
/// One augmentation operation as written in YAML: a mapping with one key, the operation's name
/// (<c>- fliplr: {p: 0.5}</c>, <c>- one_of: [...]</c>). A preset is a list of these, applied in order.
/// Pixel amounts (add, noise) are on the 0-255 scale as in imgaug; the images are [0,1].
/// </summary>
[ConfigUnion(typeof(IdentitySpec), typeof(FliplrSpec), typeof(FlipudSpec), typeof(AffineSpec), typeof(PiecewiseAffineSpec),
    typeof(AddSpec), typeof(MultiplySpec), typeof(ContrastNormalizationSpec), typeof(CoarseDropoutSpec), typeof(AverageBlurSpec),
    typeof(GaussianNoiseSpec), typeof(SequentialSpec), typeof(SometimesSpec), typeof(OneOfSpec), typeof(SomeOfSpec), typeof(PresetSpec))]
public abstract record AugmentationSpec;
