using Pipeline.Augmentation.Ops;
using Pipeline.Augmentation.Specs;

namespace Pipeline.Augmentation;

/// <summary>
/// Turns augmentation specs into augmenters through a registry keyed by spec type. The public entry
/// points clamp the pipeline's output to [0,1]; nested ops do not, so intermediate values may leave
/// the range as imgaug's uint8 pipeline would only at its end.
/// </summary>
public static class AugmenterFactory
{
    private delegate IAugmenter Builder(AugmentationSpec spec, Func<IReadOnlyList<AugmentationSpec>, IAugmenter> build, Func<string, IAugmenter> preset);

    private static readonly Dictionary<Type, Builder> Builders = new()
    {
        [typeof(IdentitySpec)] = (_, _, _) => new IdentityAugmenter(),
        [typeof(FliplrSpec)] = (s, _, _) => new FlipAugmenter(((FliplrSpec)s).P, horizontal: true),
        [typeof(FlipudSpec)] = (s, _, _) => new FlipAugmenter(((FlipudSpec)s).P, horizontal: false),
        [typeof(AffineSpec)] = (s, _, _) => new AffineAugmenter((AffineSpec)s),
        [typeof(PiecewiseAffineSpec)] = (s, _, _) => new PiecewiseAffineAugmenter((PiecewiseAffineSpec)s),
        [typeof(AddSpec)] = (s, _, _) => new ColorAugmenter(ColorOperation.Add, ((AddSpec)s).Value, ((AddSpec)s).PerChannel),
        [typeof(MultiplySpec)] = (s, _, _) => new ColorAugmenter(ColorOperation.Multiply, ((MultiplySpec)s).Mul, ((MultiplySpec)s).PerChannel),
        [typeof(ContrastNormalizationSpec)] = (s, _, _) => new ColorAugmenter(ColorOperation.Contrast, ((ContrastNormalizationSpec)s).Alpha, ((ContrastNormalizationSpec)s).PerChannel),
        [typeof(CoarseDropoutSpec)] = (s, _, _) => new CoarseDropoutAugmenter((CoarseDropoutSpec)s),
        [typeof(AverageBlurSpec)] = (s, _, _) => new AverageBlurAugmenter((AverageBlurSpec)s),
        [typeof(GaussianNoiseSpec)] = (s, _, _) => new GaussianNoiseAugmenter((GaussianNoiseSpec)s),
        [typeof(SequentialSpec)] = (s, build, _) => build(((SequentialSpec)s).Ops),
        [typeof(SometimesSpec)] = (s, build, _) =>
        {
            var spec = (SometimesSpec)s;
            return new SometimesAugmenter(spec.P, build(spec.Then), spec.Else.Count == 0 ? null : build(spec.Else));
        },
        [typeof(OneOfSpec)] = (s, build, _) => new OneOfAugmenter(((OneOfSpec)s).Ops.Select(o => build([o])).ToList()),
        [typeof(SomeOfSpec)] = (s, build, _) =>
        {
            var spec = (SomeOfSpec)s;
            return new SomeOfAugmenter(spec.Min, spec.Max, spec.RandomOrder, spec.Ops.Select(o => build([o])).ToList());
        },
        [typeof(PresetSpec)] = (s, _, preset) => preset(((PresetSpec)s).Name),
    };

    /// <summary>Builds one op (clamped to [0,1]); <c>preset:</c> references resolve in <paramref name="presets"/> (built-in by default).</summary>
    public static IAugmenter Create(AugmentationSpec spec, AugmentationPresets? presets = null) => Create([spec], presets);

    /// <summary>Builds a list of ops applied in order, clamped to [0,1] at the end.</summary>
    public static IAugmenter Create(IReadOnlyList<AugmentationSpec> ops, AugmentationPresets? presets = null) =>
        new ClampAugmenter(BuildUnclamped(ops, presets ?? AugmentationPresets.BuiltIn, []));

    internal static IAugmenter BuildUnclamped(IReadOnlyList<AugmentationSpec> ops, AugmentationPresets presets, IReadOnlyList<string> presetStack)
    {
        IAugmenter BuildList(IReadOnlyList<AugmentationSpec> list) => BuildUnclamped(list, presets, presetStack);
        IAugmenter Preset(string name)
        {
            if (presetStack.Contains(name))
            {
                throw new ArgumentException($"augmentation preset '{name}' refers to itself: {string.Join(" → ", presetStack.Append(name))}");
            }

            return BuildUnclamped(presets.Resolve(name), presets, [.. presetStack, name]);
        }
        var built = ops.Select(op => Builders.TryGetValue(op.GetType(), out var builder)
                ? builder(op, BuildList, Preset)
                : throw new NotSupportedException($"No augmenter for {op.GetType().Name}."))
            .ToList();
        return built.Count switch
        {
            0 => new IdentityAugmenter(),
            1 => built[0],
            _ => new SequentialAugmenter(built),
        };
    }
}
