using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Reference;

/// <summary>
/// The reference files' weight formula (their <c>formula</c> field), written from that text: FNV-1a 64 of the
/// key's UTF-8 bytes seeds SplitMix64, one draw u in [0,1) per element in row-major order, v = 2u − 1.
/// Conv/linear weights v·sqrt(3/fan_in), their biases 0.1v; batch norm weight 1 + 0.1v, bias 0.1v,
/// running_mean 0.1v, running_var 1 + 0.5u; num_batches_tracked 0. The input batch is v of the key "input".
/// </summary>
public static class FormulaWeights
{
    public static ulong Fnv1a64(string key)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }

    /// <summary>The first <paramref name="count"/> draws u of SplitMix64 seeded by the key's hash.</summary>
    public static double[] Uniform(string key, long count)
    {
        var state = Fnv1a64(key);
        var result = new double[count];
        for (long i = 0; i < count; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            result[i] = (z >> 11) * (1.0 / (1UL << 53));
        }
        return result;
    }

    /// <summary>The values of one state-dict tensor, float64, in row-major order.</summary>
    public static double[] Values(string key, long[] shape, IReadOnlySet<string> batchNormModules)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var dot = key.LastIndexOf('.');
        var module = dot < 0 ? "" : key[..dot];
        var leaf = key[(dot + 1)..];
        if (leaf == "num_batches_tracked")
        {
            return new double[count];
        }

        var u = Uniform(key, count);
        Func<double, double> map;
        if (batchNormModules.Contains(module))
        {
            map = leaf switch
            {
                "weight" => x => 1 + 0.1 * (2 * x - 1),
                "bias" or "running_mean" => x => 0.1 * (2 * x - 1),
                "running_var" => x => 1 + 0.5 * x,
                _ => throw new ArgumentException($"{key}: not a batch-norm tensor the formula knows"),
            };
        }
        else if (leaf == "weight" && shape.Length >= 2)
        {
            var bound = Math.Sqrt(3.0 / shape.Skip(1).Aggregate(1L, (a, b) => a * b));
            map = x => (2 * x - 1) * bound;
        }
        else if (leaf == "bias")
        {
            map = x => 0.1 * (2 * x - 1);
        }
        else
        {
            throw new ArgumentException($"{key} [{string.Join(", ", shape)}]: the formula covers conv/linear weights and biases, batch norm and num_batches_tracked only");
        }
        for (var i = 0; i < u.Length; i++)
        {
            u[i] = map(u[i]);
        }

        return u;
    }

    /// <summary>One state-dict tensor by the formula (num_batches_tracked as int64, everything else float64).</summary>
    public static Tensor Tensor(string key, long[] shape, IReadOnlySet<string> batchNormModules)
    {
        var values = Values(key, shape, batchNormModules);
        if (key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
        {
            return torch.zeros(shape, ScalarType.Int64);
        }

        return torch.tensor(values, ScalarType.Float64).reshape(shape);
    }

    /// <summary>The whole reference state dict by the formula, keyed by the reference names.</summary>
    public static Dictionary<string, Tensor> StateDict(ReferenceCase reference)
    {
        var batchNorm = reference.BatchNormModules;
        return reference.StateDict.ToDictionary(e => e.Key, e => Tensor(e.Key, e.Shape, batchNorm));
    }

    /// <summary>The input batch: v of the key "input", 2 × 3 × size × size.</summary>
    public static Tensor Input(int size)
    {
        var u = Uniform("input", 2L * 3 * size * size);
        for (var i = 0; i < u.Length; i++)
        {
            u[i] = 2 * u[i] - 1;
        }

        return torch.tensor(u, ScalarType.Float64).reshape(2, 3, size, size);
    }
}
