namespace Pipeline.Models.Pretrained;

/// <summary>An <c>nn.Parameter</c> in a torch.save file: found in pickled modules, or in state dicts saved with <c>keep_vars=True</c>.</summary>
internal sealed record TorchParameterRef(TorchTensorRef Data);
