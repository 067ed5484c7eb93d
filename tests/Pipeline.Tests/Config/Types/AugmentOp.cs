using Pipeline.Config;

namespace Pipeline.Tests.Config;

[ConfigUnion(typeof(FlipLr), typeof(Rotate), typeof(Scale), typeof(Sometimes), typeof(OneOf), typeof(Crop))]
public abstract record AugmentOp;
