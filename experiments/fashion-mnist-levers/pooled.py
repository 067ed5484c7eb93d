#!/usr/bin/env python3
"""Pooled validation (and, for the report, test) of two-model candidates over several Fashion-MNIST subsets.

Each model is a lever of overrides/ built on each subset, its Tta predictions copied to ROOT/<lever>-s<N>/ with
the subset's test_labels.json beside them:

    for n in 1 2 3; do for lever in size96 size96-seed12 size96-no-augmentation size96-mirror; do
      ./build.sh Tta --experiment experiments/fashion-mnist-levers \\
        --overrides experiments/fashion-mnist-levers/overrides/$lever.yaml --set data.yaml:fashion_mnist.seed=$n
      mkdir -p runs/$lever-s$n && cp artifacts/fashion-mnist-levers/predictions/resnet/predictions/* \\
        artifacts/fashion-mnist-levers/data/preprocessed/test_labels.json runs/$lever-s$n/
    done; done
    python3 experiments/fashion-mnist-levers/pooled.py --root runs --current size96 size96-seed12 \\
        --models size96 size96-seed12 size96-no-augmentation size96-mirror

Prints, for the current pair and every other pair of --models (plain last checkpoints, mean of probabilities):
validation accuracy per subset, pooled, and fixed / broken / exact McNemar p against the current pair on the pooled
validation images; then the same on test. Choose on the validation lines; the test lines are for the report.
Needs only the Python standard library.
"""
import argparse
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import paired  # noqa: E402  (same folder: the .pred reader, the combination and the McNemar test)


def predictions(root, lever, subset, split):
    folder = Path(root) / f"{lever}-s{subset}"
    files = sorted(folder.glob(f"*__tta-1.{split}.pred"))
    if not files:
        sys.exit(f"{folder}: no plain (tta-1) .{split}.pred file; build {lever} on subset {subset} first")
    return str(files[-1])  # the last checkpoint by name


def scored(root, levers, subset, split):
    ids, labels, predicted = paired.combine([predictions(root, l, subset, split) for l in levers], "mean")
    if split == "test":
        truth = json.loads((Path(root) / f"{levers[0]}-s{subset}" / "test_labels.json").read_text(encoding="utf-8"))
        by_id = dict(zip(truth["ids"], truth["labels"]))
        labels = [by_id[i] for i in ids]
    return labels, predicted


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", required=True)
    parser.add_argument("--subsets", nargs="+", type=int, default=[1, 2, 3])
    parser.add_argument("--current", nargs=2, required=True, help="the two levers of the current pair")
    parser.add_argument("--models", nargs="+", required=True, help="the levers to pair")
    args = parser.parse_args()

    current = tuple(args.current)
    pairs = [current] + [p for p in itertools.combinations(args.models, 2) if set(p) != set(current)]
    for split in ("val", "test"):
        base = {s: scored(args.root, current, s, split) for s in args.subsets}
        for pair in pairs:
            per, correct, total, fixed, broken = [], 0, 0, 0, 0
            for s in args.subsets:
                labels, predicted = scored(args.root, pair, s, split)
                _, reference = base[s]
                right = sum(1 for y, p in zip(labels, predicted) if y == p)
                per.append(f"{100 * right / len(labels):.1f}")
                correct, total = correct + right, total + len(labels)
                fixed += sum(1 for y, p, q in zip(labels, predicted, reference) if p == y and q != y)
                broken += sum(1 for y, p, q in zip(labels, predicted, reference) if p != y and q == y)
            print(f"{split:4} {' + '.join(pair):45} {' / '.join(per)}  pooled {100 * correct / total:.2f}% "
                  f"({correct}/{total})  against current {fixed} / {broken}, p {paired.mcnemar_exact(fixed, broken):.2g}")


if __name__ == "__main__":
    main()
