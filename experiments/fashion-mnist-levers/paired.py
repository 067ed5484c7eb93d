#!/usr/bin/env python3
"""Paired comparison of two sets of predictions, as the report's ladder does it.

Each side is one or more `.test.pred` files of a Tta stage (the matching `.val.pred` files are found next
to them); a side with several files is combined by the mean of probabilities (or --method vote /
geometric). Prints validation and test accuracy of both sides, and on test the images B gets right
that A got wrong (fixed), the reverse (broken), and the exact two-sided McNemar p of those two counts.

    python3 experiments/fashion-mnist-levers/paired.py \
        --a artifacts/cache/ab/abcd.../predictions/resnet__main_e8__tta-1.test.pred \
        --b artifacts/cache/cd/cdef.../predictions/resnet__main_e8__tta-1.test.pred \
        --test-labels artifacts/fashion-mnist/cache/e8/e82e.../test_labels.json

Needs only the Python standard library. The file layout is PredictionFile's
(src/Pipeline.Ensembling/Predictions/PredictionFile.cs).
"""
import argparse
import json
import math
import struct
import sys
from array import array
from pathlib import Path

MAGIC = b"PLPRED01"


def read_pred(path):
    data = Path(path).read_bytes()
    if data[:8] != MAGIC:
        sys.exit(f"{path}: not a prediction file (magic {data[:8]!r})")
    (length,) = struct.unpack_from("<i", data, 8)
    header = json.loads(data[12:12 + length].decode("utf-8"))
    probs = array("f")
    probs.frombytes(data[12 + length:])
    if sys.byteorder != "little":
        probs.byteswap()
    n, k = len(header["ids"]), len(header["classes"])
    if len(probs) != n * k:
        sys.exit(f"{path}: {len(probs)} probabilities for {n} ids x {k} classes")
    rows = [probs[i * k:(i + 1) * k] for i in range(n)]
    return header["ids"], header["labels"], rows


def combine(paths, method):
    sets = [read_pred(p) for p in paths]
    ids, labels, _ = sets[0]
    for p, (other_ids, _, _) in zip(paths, sets):
        if other_ids != ids:
            sys.exit(f"{p}: its ids differ from {paths[0]}'s")
    if not ids:
        # A run without a validation split (validation.fraction: 0) writes empty validation files.
        return ids, labels, []
    k = len(sets[0][2][0])
    predicted = []
    for i in range(len(ids)):
        if method == "vote":
            votes = [0] * k
            for _, _, rows in sets:
                row = rows[i]
                votes[max(range(k), key=row.__getitem__)] += 1
            score = votes
        elif method == "geometric":
            score = [sum(math.log(max(rows[i][c], 1e-12)) for _, _, rows in sets) for c in range(k)]
        else:
            score = [sum(rows[i][c] for _, _, rows in sets) for c in range(k)]
        predicted.append(max(range(k), key=score.__getitem__))
    return ids, labels, predicted


def mcnemar_exact(b, c):
    n = b + c
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(min(b, c) + 1)) / 2.0 ** n
    return min(1.0, 2.0 * tail)


def accuracy(labels, predicted):
    return sum(1 for y, p in zip(labels, predicted) if y == p) / len(labels)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", nargs="+", required=True, help="test .pred files of side A")
    parser.add_argument("--b", nargs="+", required=True, help="test .pred files of side B")
    parser.add_argument("--test-labels", required=True,
                        help="test_labels.json of the Preprocess run (stages never see test labels; only scoring does)")
    parser.add_argument("--method", choices=["mean", "vote", "geometric"], default="mean")
    parser.add_argument("--label-a", default="A")
    parser.add_argument("--label-b", default="B")
    args = parser.parse_args()

    for side, files in (("--a", args.a), ("--b", args.b)):
        for f in files:
            if not f.endswith(".test.pred") or not Path(f).is_file():
                sys.exit(f"{side}: '{f}' is not a .test.pred file")

    result = {}
    for split in ("val", "test"):
        sides = []
        for files in (args.a, args.b):
            paths = [f.replace(".test.pred", f".{split}.pred") for f in files]
            if not all(Path(p).exists() for p in paths):
                sides.append(None)
                continue
            sides.append(combine(paths, args.method))
        result[split] = sides

    val_a, val_b = result["val"]
    test_a, test_b = result["test"]
    if test_a[0] != test_b[0]:
        sys.exit("the two sides' test ids differ: they come from different subsets")
    truth = json.loads(Path(args.test_labels).read_text(encoding="utf-8"))
    by_id = dict(zip(truth["ids"], truth["labels"]))
    missing = [i for i in test_a[0] if i not in by_id]
    if missing:
        sys.exit(f"{args.test_labels}: no label for {len(missing)} test ids (first: {missing[0]}); another subset?")
    labels = [by_id[i] for i in test_a[0]]
    fixed = sum(1 for y, a, b in zip(labels, test_a[2], test_b[2]) if a != y and b == y)
    broken = sum(1 for y, a, b in zip(labels, test_a[2], test_b[2]) if a == y and b != y)
    def val_percent(side):
        # null where a side has no validation files or no validation images (validation.fraction: 0)
        return None if side is None or not side[1] else round(accuracy(side[1], side[2]) * 100, 1)

    line = {
        "val": None if val_a is None or val_b is None else [val_percent(val_a), val_percent(val_b)],
        "test": [round(accuracy(labels, test_a[2]) * 100, 1), round(accuracy(labels, test_b[2]) * 100, 1)],
        "test_correct": [sum(1 for y, p in zip(labels, test_a[2]) if y == p),
                         sum(1 for y, p in zip(labels, test_b[2]) if y == p), len(labels)],
        "fixed": fixed,
        "broken": broken,
        "p": float(f"{mcnemar_exact(fixed, broken):.2g}"),
    }
    print(f"{args.label_a} -> {args.label_b}: {json.dumps(line)}")


if __name__ == "__main__":
    main()
