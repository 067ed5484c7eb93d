"""Where PyTorch's training step spends its time: torch_step.py's model, batch and options, with the timed loop
split into forward (zero_grad, forward, cross-entropy, loss.item), backward and optimizer, in ms per step
(median over the repeats), and op_us, the microseconds of one tiny op (add_ on a 1-element tensor), the fixed cost of
one call from Python into libtorch, and calls, the torch functions and tensor methods one step calls from Python. The
TorchSharp counterpart is the Benchmark worker 'step' with
PIPELINE_BENCH_PROFILE=1 (a.forward, a.backward, a.optimizer, a.op_us, and a.tensors, the tensors one step creates).

Optional, outside ./build.sh Test: run with /usr/bin/python3 (Debian's python3-torch)."""
import json
import statistics
import sys
import time

import torch
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
    result = {k: round(statistics.median(v), 2) for k, v in split.items()}
    result["op_us"] = round(statistics.median(op_overhead_us() for _ in range(a.repeats)), 3)
    result["calls"] = calls_per_step(net, opt, x, y)
    print(json.dumps(result))


def calls_per_step(net, opt, x, y):
    """Calls from Python into torch functions and tensor methods in one step (each one crossing into libtorch)."""
    from torch.overrides import TorchFunctionMode

    class Count(TorchFunctionMode):
        n = 0

        def __torch_function__(self, func, types, args=(), kwargs=None):
            Count.n += 1
            return func(*args, **(kwargs or {}))

    with Count():
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.item()
        loss.backward()
        opt.step()
    return Count.n


def op_overhead_us(calls=20_000):
    """Microseconds per call of add_ on a 1-element tensor: the fixed cost of one Python-to-libtorch call."""
    t = torch.zeros(1)
    for _ in range(2_000):
        t.add_(1)
    start = time.perf_counter()
    for _ in range(calls):
        t.add_(1)
    return (time.perf_counter() - start) * 1e6 / calls


if __name__ == "__main__":
    main()
