"""Where PyTorch's training step spends its time: torch_step.py's model, batch and options, with the timed loop
split into forward (zero_grad, forward, cross-entropy, loss.item), backward and optimizer, in ms per step
(median over the repeats). The TorchSharp counterpart is the Benchmark worker 'step' with
PIPELINE_BENCH_PROFILE=1 (a.forward, a.backward, a.optimizer).

Optional, outside ./build.sh Test: run with /usr/bin/python3 (Debian's python3-torch)."""
import json
import statistics
import sys
import time

import torch.nn.functional as F

sys.dont_write_bytecode = True  # importing torch_step must not leave a __pycache__ folder in the checkout
from torch_step import parse, setup  # noqa: E402


def main(argv=None):
    a = parse(argv)
    net, opt, x, y = setup(a)
    for _ in range(a.warmup):
        opt.zero_grad()
        F.cross_entropy(net(x), y).backward()
        opt.step()
    split = {"forward": [], "backward": [], "optimizer": []}
    for _ in range(a.repeats):
        f = b = o = 0.0
        for _ in range(a.steps):
            t = time.perf_counter()
            opt.zero_grad()
            loss = F.cross_entropy(net(x), y)
            loss.item()
            f += time.perf_counter() - t
            t = time.perf_counter()
            loss.backward()
            b += time.perf_counter() - t
            t = time.perf_counter()
            opt.step()
            o += time.perf_counter() - t
        for k, v in (("forward", f), ("backward", b), ("optimizer", o)):
            split[k].append(1000 * v / a.steps)
    print(json.dumps({k: round(statistics.median(v), 2) for k, v in split.items()}))


if __name__ == "__main__":
    main()
