namespace Pipeline.Models.Pretrained;

/// <summary>A tensor in a torch.save file: a strided view of a storage (not read until materialised).</summary>
internal sealed record TorchTensorRef(TorchStorageRef Storage, long Offset, long[] Size, long[] Stride);
