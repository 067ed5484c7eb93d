namespace Pipeline.Benchmarks;

/// <summary>The memory format a benchmark worker puts the model's weights and input in (<see cref="WorkerOptions.MemoryFormatVariable"/>).</summary>
public enum TensorLayout
{
    /// <summary>NCHW, as training and TTA run.</summary>
    Contiguous,

    /// <summary>NHWC behind the NCHW shape (PyTorch's <c>channels_last</c>; <see cref="Pipeline.Models.ChannelsLast"/>).</summary>
    ChannelsLast,
}
