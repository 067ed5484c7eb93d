using Pipeline.Config;

namespace Pipeline.Augmentation.Specs;

/// <summary><c>identity</c>: returns the images unchanged.</summary>
[ConfigCase("identity")]
public sealed record IdentitySpec : AugmentationSpec;
