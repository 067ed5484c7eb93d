namespace Pipeline.Data.Synthetic;

/// <summary>Colour and coverage of a shape at local coordinates (u, v); alpha 0 means outside.</summary>
internal delegate float LocalShader(float u, float v, out Rgb color);
