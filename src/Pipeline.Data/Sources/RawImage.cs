namespace Pipeline.Data.Sources;

/// <summary>Pixels already in memory (as from an IDX file): 8-bit, interleaved H×W×C, C = 1 (grey) or 3 (RGB).</summary>
public sealed record RawImage(int Width, int Height, int Channels, byte[] Pixels);
