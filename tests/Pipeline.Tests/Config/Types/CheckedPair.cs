namespace Pipeline.Tests.Config;

/// <summary>A positional record whose constructor rejects values.</summary>
public sealed record CheckedPair
{
    public CheckedPair(int a, int b)
    {
        if (a >= b)
        {
            throw new ArgumentException("a must be below b");
        }

        (A, B) = (a, b);
    }

    public int A { get; }

    public int B { get; }
}
