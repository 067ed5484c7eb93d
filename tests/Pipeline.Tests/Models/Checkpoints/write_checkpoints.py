#!/usr/bin/python3
"""Writes real PyTorch checkpoint files for the loader tests, with Debian's python3-torch (1.13).

Every tensor is set by the reference files' formula (tests/Pipeline.Tests/Models/Reference/Data/README.md):
FNV-1a 64 of the key name seeds SplitMix64, one draw u per element in row-major order, v = 2u - 1;
conv/linear weight v*sqrt(3/fan_in), bias 0.1v; batch norm weight 1+0.1v, bias 0.1v, running_mean 0.1v,
running_var 1+0.5u; num_batches_tracked 0. Written from that text for this project.

Usage: /usr/bin/python3 write_checkpoints.py OUT_DIR [--check REFERENCE_JSON]

Files (OUT_DIR):
  resnet50.pth               torchvision resnet50, float64, torch.save's zip format
  resnet50_legacy.pth        the same, legacy pre-1.6 format (_use_new_zipfile_serialization=False)
  resnet50.safetensors       the same, safetensors (written here: 8-byte header length, JSON header, raw tensors)
  resnet18_module_prefix.pth torchvision resnet18, float32, state dict of a DataParallel model (keys start 'module.')
  resnet18_examples.pth      pytorch/examples' imagenet checkpoint:
                             {'epoch', 'arch', 'state_dict' (keys with 'module.'), 'best_acc1', 'optimizer'}
  resnet18_references.pth    torchvision references' checkpoint: {'model', 'optimizer', 'lr_scheduler', 'epoch', 'args'}
  resnet18_legacy_examples.pth  the pytorch/examples checkpoint in the legacy format
  resnet18_fc10.pth          resnet18 state dict with a 10-class classifier
  inception_v3_aux.pth       torchvision inception_v3 with its aux-logits branch, float32
  resnet18_whole_model.pth   torch.save(model): a pickled module, not a state dict
  resnet18_no_weights.pth    a checkpoint without weights: {'epoch', 'optimizer'}
  linear_torchscript.pt      torch.jit.save of a scripted Linear: TorchScript, not a state dict
With --check, resnet50's own forward pass is compared with the reference file's outputs (proves the formula).
"""
import argparse
import json
import os
import struct
import sys

import numpy as np

try:
    import torch
    import torchvision
except ImportError as e:  # the test turns this into its message
    sys.stderr.write(f"write_checkpoints.py: {e}; install Debian's python3-torch and python3-torchvision\n")
    sys.exit(3)

MASK = (1 << 64) - 1


def fnv1a64(key):
    h = 0xCBF29CE484222325
    for b in key.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & MASK
    return h


def uniform(key, count):
    """The first `count` SplitMix64 draws seeded by fnv1a64(key), as doubles in [0, 1)."""
    with np.errstate(over="ignore"):
        state = np.uint64(fnv1a64(key)) + np.arange(1, count + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        z = state
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def fill(model):
    """Sets the model's tensors by the formula and returns its state dict (an OrderedDict with _metadata, as saved in the wild)."""
    state = model.state_dict()
    batch_norm = {k[: -len(".running_mean")] for k in state if k.endswith(".running_mean")}
    out = {}
    for key, t in state.items():
        module, _, leaf = key.rpartition(".")
        if leaf == "num_batches_tracked":
            out[key] = torch.zeros_like(t)
            continue
        u = uniform(key, t.numel())
        v = 2.0 * u - 1.0
        if module in batch_norm:
            values = {"weight": 1 + 0.1 * v, "bias": 0.1 * v, "running_mean": 0.1 * v, "running_var": 1 + 0.5 * u}[leaf]
        elif leaf == "weight" and t.dim() >= 2:
            values = v * np.sqrt(3.0 / np.prod(t.shape[1:]))
        elif leaf == "bias":
            values = 0.1 * v
        else:
            raise ValueError(f"{key}: not covered by the formula")
        out[key] = torch.from_numpy(values.reshape(tuple(t.shape)))
    model.load_state_dict(out)
    return model.state_dict()


def write_safetensors(path, tensors):
    """safetensors: u64 little-endian header size, JSON header (padded with spaces to 8 bytes), raw little-endian data."""
    names = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.int64: "I64", torch.int32: "I32"}
    header, blobs, offset = {}, [], 0
    for key, t in tensors.items():
        data = t.contiguous().numpy().astype(t.numpy().dtype.newbyteorder("<"), copy=False).tobytes()
        header[key] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def check(model, reference_path):
    with open(reference_path) as f:
        reference = json.load(f)
    size = reference["input_size"]
    x = torch.from_numpy((2.0 * uniform("input", 2 * 3 * size * size) - 1.0).reshape(2, 3, size, size))
    model.eval()
    with torch.no_grad():
        logits = model(x)
    expected = torch.tensor(reference["logits"], dtype=torch.float64)
    error = ((logits - expected).abs().max() / expected.abs().max()).item()
    print(f"check: resnet50 logits vs {os.path.basename(reference_path)}: {error:.2e} relative")
    if error > 1e-7:
        sys.exit(f"write_checkpoints.py: the formula does not reproduce {reference_path} ({error:.2e})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--check")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    out = lambda name: os.path.join(args.out, name)
    torch.set_num_threads(2)

    resnet50 = torchvision.models.resnet50().double()
    state = fill(resnet50)
    if args.check:
        check(resnet50, args.check)
    torch.save(state, out("resnet50.pth"))
    torch.save(state, out("resnet50_legacy.pth"), _use_new_zipfile_serialization=False)
    write_safetensors(out("resnet50.safetensors"), state)

    resnet18 = torchvision.models.resnet18()
    state18 = fill(resnet18)
    optimizer = torch.optim.SGD(resnet18.parameters(), lr=0.1, momentum=0.9)
    for p in resnet18.parameters():
        p.grad = torch.zeros_like(p)
    optimizer.step()  # momentum buffers: tensors under integer keys, as a real optimizer state holds
    parallel = torch.nn.DataParallel(resnet18).state_dict()
    torch.save(parallel, out("resnet18_module_prefix.pth"))
    examples = {
        "epoch": 90,
        "arch": "resnet18",
        "state_dict": parallel,
        "best_acc1": torch.tensor(69.758),
        "optimizer": optimizer.state_dict(),
    }
    torch.save(examples, out("resnet18_examples.pth"))
    torch.save(examples, out("resnet18_legacy_examples.pth"), _use_new_zipfile_serialization=False)
    torch.save({"epoch": 90, "optimizer": optimizer.state_dict()}, out("resnet18_no_weights.pth"))
    torch.jit.save(torch.jit.script(torch.nn.Linear(2, 2)), out("linear_torchscript.pt"))
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)
    torch.save({
        "model": state18,
        "optimizer": optimizer.state_dict(),
        "lr_scheduler": scheduler.state_dict(),
        "epoch": 89,
        "args": argparse.Namespace(model="resnet18", lr=0.1, epochs=90),
    }, out("resnet18_references.pth"))

    fc10 = torchvision.models.resnet18(num_classes=10)
    torch.save(fill(fc10), out("resnet18_fc10.pth"))
    torch.save(resnet18, out("resnet18_whole_model.pth"))

    inception = torchvision.models.inception_v3(aux_logits=True, init_weights=False)
    torch.save(fill(inception), out("inception_v3_aux.pth"))
    print(f"wrote {len(os.listdir(args.out))} files to {args.out}")


if __name__ == "__main__":
    main()
