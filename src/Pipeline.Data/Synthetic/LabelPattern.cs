namespace Pipeline.Data.Synthetic;

/// <summary>The pattern printed on a package's label band.</summary>
public enum LabelPattern
{
    /// <summary>Horizontal stripes.</summary>
    Stripes,

    /// <summary>Vertical stripes.</summary>
    VerticalStripes,

    /// <summary>Diagonal stripes.</summary>
    DiagonalStripes,

    /// <summary>A grid of dots.</summary>
    Dots,

    /// <summary>A checkerboard.</summary>
    Checker,

    /// <summary>One large disc (a product picture).</summary>
    Disc,

    /// <summary>Rows of short bars that read like text.</summary>
    Dashes,

    /// <summary>Two wavy lines.</summary>
    Waves,
}
