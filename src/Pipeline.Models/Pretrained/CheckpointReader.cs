namespace Pipeline.Models.Pretrained;

/// <summary>
/// Reads the state dict out of a weights file as PyTorch users have them: <c>.pth</c>/<c>.pt</c>/<c>.bin</c> from
/// <c>torch.save</c> (zip or legacy layout), or <c>.safetensors</c>; the weights may sit inside a training
/// checkpoint's <c>state_dict</c> or <c>model</c> entry and carry DataParallel's <c>module.</c> prefix. What cannot
/// be used (a pickled whole model, a TorchScript archive, a dict without weights) fails with a message that says why
/// and how to convert the file.
/// </summary>
public static class CheckpointReader
{
    public static StateDictFile Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model.pretrained: weights file '{path}' does not exist.", path);
        }

        var extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".safetensors":
                return new StateDictFile(path, "safetensors", null, SafetensorsFile.Read(path));
            case ".pth" or ".pt" or ".bin" or ".ckpt":
                using (var file = TorchSaveFile.Open(path))
                {
                    var (dict, wrapper) = Select(file.Root, path);
                    var tensors = new Dictionary<string, TorchSharp.torch.Tensor>();
                    try
                    {
                        foreach (var (key, value) in dict.Entries)
                        {
                            var reference = value is TorchParameterRef parameter ? parameter.Data : (TorchTensorRef)value!;
                            tensors[(string)key] = file.Materialize(reference);
                        }
                    }
                    catch
                    {
                        foreach (var t in tensors.Values)
                        {
                            t.Dispose();
                        }

                        throw;
                    }
                    return new StateDictFile(path, $"{file.Format} .pth", wrapper, tensors);
                }
            default:
                throw new ArgumentException($"model.pretrained: '{path}' is neither .pth, .pt, .bin, .ckpt nor .safetensors.");
        }
    }

    private static (PickleDict Dict, string? Wrapper) Select(object? root, string path)
    {
        switch (root)
        {
            case PickleDict dict when IsStateDict(dict):
                return (dict, null);
            case PickleDict dict:
                foreach (var wrapper in StateDictFile.Wrappers)
                {
                    if (!dict.TryGet(wrapper, out var inner))
                    {
                        continue;
                    }

                    if (inner is PickleDict innerDict && IsStateDict(innerDict))
                    {
                        return (innerDict, wrapper);
                    }

                    if (inner is PickleObject module)
                    {
                        throw WholeModel(path, module, $"['{wrapper}']");
                    }
                }
                var tensors = dict.Entries.Count(e => e.Value is TorchTensorRef or TorchParameterRef);
                if (tensors > 0)
                {
                    var others = dict.Entries.Where(e => e.Value is not (TorchTensorRef or TorchParameterRef)).Select(e => $"{e.Key} ({Kind(e.Value)})");
                    throw new InvalidDataException($"{path}: a dict of {tensors} tensors mixed with other entries ({string.Join(", ", others.Take(10))}); a state dict holds tensors only. Save model.state_dict() alone, or put it under 'state_dict'.");
                }
                var keys = dict.Entries.Select(e => $"{e.Key} ({Kind(e.Value)})");
                throw new InvalidDataException($"{path}: a dict without weights: none of {string.Join(", ", StateDictFile.Wrappers.Select(w => $"'{w}'"))} holds a dict of tensors. Its keys: {string.Join(", ", keys.Take(20))}. Re-save the weights with torch.save(model.state_dict(), 'OUT.pth').");
            case PickleObject module:
                throw WholeModel(path, module, "");
            default:
                throw new InvalidDataException($"{path}: holds a {Kind(root)}, not a state dict (a dict of name → tensor).");
        }
    }

    private static InvalidDataException WholeModel(string path, PickleObject module, string where) =>
        new($"{path}: holds a whole pickled model{(where.Length > 0 ? $" under {where}" : "")} (class {module.Type}), not a state dict. Reading it would need that Python class; convert it with "
            + $"python3 -c \"import torch; m = torch.load('IN.pth', map_location='cpu'){where}; torch.save(m.state_dict(), 'OUT.pth')\".");

    private static bool IsStateDict(PickleDict dict) =>
        dict.Count > 0 && dict.Entries.All(e => e.Key is string && e.Value is TorchTensorRef or TorchParameterRef);

    private static string Kind(object? value) => value switch
    {
        null => "None",
        PickleDict d => $"dict of {d.Count}",
        PickleObject o => o.Type.ToString(),
        List<object?> l => $"list of {l.Count}",
        object?[] t => $"tuple of {t.Length}",
        TorchTensorRef or TorchParameterRef => "tensor",
        string => "str",
        long or System.Numerics.BigInteger => "int",
        double => "float",
        bool => "bool",
        _ => value.GetType().Name,
    };
}
