namespace Pipeline.Data.Synthetic;

/// <summary>The silhouette and shading model of a product package.</summary>
public enum PackageShape
{
    /// <summary>A cardboard box seen from the front, with a darker side face.</summary>
    Box,

    /// <summary>A cylinder with elliptical lid and base and a wrapped label.</summary>
    Can,

    /// <summary>A cylinder with shoulders, neck and cap.</summary>
    Bottle,

    /// <summary>A pillow-shaped bag with crimped seals.</summary>
    Bag,

    /// <summary>A wide cylinder with a ridged lid.</summary>
    Jar,

    /// <summary>A gable-top carton.</summary>
    Carton,

    /// <summary>A stand-up pouch, wider at the bottom, with a zipper line.</summary>
    Pouch,
}
