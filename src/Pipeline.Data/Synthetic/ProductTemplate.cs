namespace Pipeline.Data.Synthetic;

/// <summary>
/// A product class: package shape and width/height aspect, the label band (top and bottom in the
/// package's local v coordinate, -1 top to 1 bottom), its pattern, whether a logo disc is printed
/// on it, whether the lid is chequered, and the brands (palettes) an image picks from.
/// </summary>
public sealed record ProductTemplate(
    string Name,
    PackageShape Shape,
    float Aspect,
    float BandTop,
    float BandBottom,
    LabelPattern Pattern,
    bool Logo,
    IReadOnlyList<Palette> Palettes,
    bool CheckeredLid = false);
