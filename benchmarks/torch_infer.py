"""PyTorch side of the inference comparison: the forward pass of torch_step.py's model (our default ResNet at 64 px)
in eval mode under torch.inference_mode(), with softmax, on a batch in memory. Prints one JSON line: forward images
per second of each timed repeat (--profile: ms per forward call of the forward pass and of the softmax with the copy out).

Its images are forward-pass images: for TTA with 10 copies per test image, PyTorch's cost per test image is 10 of
them. --batch 320 is our TTA forward call (experiments/tta.yaml: batch_size 32 test images x copies 10).

Optional, outside ./build.sh Test: needs Debian's python3-torch and python3-torchvision (1.13 / 0.14), run with
/usr/bin/python3. compare.py --mode infer runs it interleaved with the repository's TorchSharp TTA worker."""
import argparse
import json
import statistics
import sys
import time

import torch

sys.dont_write_bytecode = True  # importing torch_step must not leave a __pycache__ folder in the checkout
from torch_step import Net, configure  # noqa: E402


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--images", type=int, default=2560, help="forward images per timed repeat (rounded up to whole batches)")
    p.add_argument("--warmup", type=int, default=2, help="untimed batches before the first repeat")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=128, help="images per forward call (320 = our TTA call: 32 images x 10 copies)")
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--mkldnn", choices=["on", "off"], default="on")
    p.add_argument("--memory-format", choices=["contiguous", "channels_last"], default="channels_last",
                   help="channels_last: weights and input in PyTorch's NHWC layout, its faster CPU layout (the default here: PyTorch at its best)")
    p.add_argument("--grad-mode", choices=["inference_mode", "no_grad"], default="inference_mode")
    p.add_argument("--profile", action="store_true",
                   help="instead of images/s, ms per forward call of the forward pass and of the rest (softmax, numpy), medians over the repeats")
    return p.parse_args(argv)


def main(argv=None):
    a = parse(argv)
    configure(a)
    net = Net().eval()
    x = torch.rand(a.batch, 3, a.size, a.size)
    if a.memory_format == "channels_last":
        net = net.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    batches = -(-a.images // a.batch)
    guard = torch.inference_mode if a.grad_mode == "inference_mode" else torch.no_grad

    def forward():
        probabilities = torch.softmax(net(x), 1)
        # As our Predictor does: the probabilities leave the tensor library.
        probabilities.numpy().sum()

    with guard():
        for _ in range(a.warmup):
            forward()
        if a.profile:
            print(json.dumps(profile(net, x, batches, a)))
            return
        samples = []
        for _ in range(a.repeats):
            t = time.perf_counter()
            for _ in range(batches):
                forward()
            samples.append(batches * a.batch / (time.perf_counter() - t))
    print(json.dumps({"framework": f"pytorch {torch.__version__}", "mkldnn": a.mkldnn, "memory_format": a.memory_format,
                      "grad_mode": a.grad_mode, "batch": a.batch, "samples": samples}))


def profile(net, x, batches, a):
    """The timed loop of main split in two: the network's forward pass, and the softmax with the copy out."""
    split = {"forward": [], "rest": []}
    for _ in range(a.repeats):
        f = r = 0.0
        for _ in range(batches):
            t = time.perf_counter()
            logits = net(x)
            f += time.perf_counter() - t
            t = time.perf_counter()
            torch.softmax(logits, 1).numpy().sum()
            r += time.perf_counter() - t
        split["forward"].append(1000 * f / batches)
        split["rest"].append(1000 * r / batches)
    result = {k: round(statistics.median(v), 2) for k, v in split.items()}
    result["total"] = round(result["forward"] + result["rest"], 2)
    return {"framework": f"pytorch {torch.__version__}", "memory_format": a.memory_format, "batch": a.batch, "ms_per_call": result}


if __name__ == "__main__":
    main()
