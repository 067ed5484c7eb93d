using static TorchSharp.torch;

namespace Pipeline.Models.Pretrained;

/// <summary>
/// The weights read from a checkpoint file (name → tensor, owned: dispose it), with what was done to find them:
/// which format, which wrapper key held them, whether DataParallel's <c>module.</c> prefix was removed.
/// </summary>
public sealed class StateDictFile : IDisposable
{
    /// <summary>Names understood as wrappers around the state dict, in the order they are tried (pytorch/examples and timm use <c>state_dict</c>, torchvision's references <c>model</c>).</summary>
    public static readonly IReadOnlyList<string> Wrappers = ["state_dict", "model"];

    private const string ModulePrefix = "module.";

    internal StateDictFile(string path, string format, string? wrapper, Dictionary<string, Tensor> tensors)
    {
        Path = path;
        Format = format;
        Wrapper = wrapper;
        RemovedModulePrefix = tensors.Count > 0 && tensors.Keys.All(k => k.StartsWith(ModulePrefix, StringComparison.Ordinal));
        Tensors = RemovedModulePrefix ? tensors.ToDictionary(kv => kv.Key[ModulePrefix.Length..], kv => kv.Value) : tensors;
    }

    public string Path { get; }

    /// <summary><c>zip .pth</c>, <c>legacy .pth</c> or <c>safetensors</c>.</summary>
    public string Format { get; }

    /// <summary>The key of the dict that held the weights (<c>state_dict</c>, <c>model</c>), or null when the file is the state dict itself.</summary>
    public string? Wrapper { get; }

    /// <summary>Whether every key started with <c>module.</c> (saved from a DataParallel/DistributedDataParallel model) and it was removed.</summary>
    public bool RemovedModulePrefix { get; }

    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    public void Dispose()
    {
        foreach (var t in Tensors.Values)
        {
            t.Dispose();
        }
    }
}
