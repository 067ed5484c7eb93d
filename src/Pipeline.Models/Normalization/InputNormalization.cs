using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Normalization;

/// <summary>
/// Turns the pipeline's RGB [0,1] input into what a backbone's weights expect:
/// <c>imagenet</c> ((x − mean)/std), <c>inception</c> (x·2 − 1, timm/torchvision Inception weights),
/// <c>keras_bgr01</c> (BGR in [0,1], the original's convention), <c>mlnet</c> (×255, BGR, minus the
/// ML.NET ResNet18 mean image at its 224×224 size, minus its channel means at any other size),
/// <c>none</c>. Constants are non-persistent buffers: checkpoints hold weights only.
/// </summary>
public sealed class InputNormalization : nn.Module<Tensor, Tensor>
{
    /// <summary>Channel means (B, G, R on 0-255) of the ML.NET ResNet18 mean image.</summary>
    public static readonly float[] MlNetChannelMeansBgr = [103.06f, 115.90f, 123.15f];

    private readonly bool bgr;
    // Null at 1; owned rather than converted on each call, since an implicit Scalar can be freed mid-call (see ScalarConstants).
    private readonly Scalar? scale;
    private readonly Tensor mean;
    private readonly Tensor std;
    private readonly Tensor? meanImage;

    private InputNormalization(string kind, bool bgr, float scale, float[] mean, float[] std, Tensor? meanImage) : base(nameof(InputNormalization))
    {
        Kind = kind;
        this.bgr = bgr;
        if (scale != 1f)
        {
            this.scale = scale.ToScalar();
        }

        this.mean = tensor(mean).reshape(1, 3, 1, 1);
        this.std = tensor(std).reshape(1, 3, 1, 1);
        this.meanImage = meanImage?.reshape(1, 3, meanImage.shape[^2], meanImage.shape[^1]);
        register_buffer("mean", this.mean, persistent: false);
        register_buffer("std", this.std, persistent: false);
        if (this.meanImage is not null)
        {
            register_buffer("mean_image", this.meanImage, persistent: false);
        }
    }

    public string Kind { get; }

    public static InputNormalization None() => new("none", false, 1f, [0f, 0f, 0f], [1f, 1f, 1f], null);

    public static InputNormalization ImageNet() => new("imagenet", false, 1f, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f], null);

    public static InputNormalization Inception() => new("inception", false, 1f, [0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f], null);

    public static InputNormalization KerasBgr01() => new("keras_bgr01", true, 1f, [0f, 0f, 0f], [1f, 1f, 1f], null);

    /// <summary>ML.NET ResNet18 preprocessing; <paramref name="meanImageBgr"/> (3×H×W, BGR, 0-255) is used at its own size only.</summary>
    public static InputNormalization MlNet(Tensor? meanImageBgr) => new("mlnet", true, 255f, MlNetChannelMeansBgr, [1f, 1f, 1f], meanImageBgr);

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = bgr ? input.flip(1) : input;
        if (scale is not null)
        {
            x = x.mul(scale);
        }

        var useImage = meanImage is not null && x.shape[2] == meanImage.shape[2] && x.shape[3] == meanImage.shape[3];
        x = useImage ? x - meanImage! : (x - mean) / std;
        return x.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            scale?.Dispose();
        }

        base.Dispose(disposing);
    }
}
