"""PyTorch side of the comparison: the training step of our default ResNet (torchvision ResNet, BasicBlock,
layout [2,2,2,3], dropout 0.2 + linear head, 25 classes) at 64 px, batch 32, Adam, on tensors in memory.
Prints one JSON line: images/second of each timed repeat.

Optional, outside ./build.sh Test: needs Debian's python3-torch and python3-torchvision (1.13 / 0.14),
run with /usr/bin/python3. compare.py runs it interleaved with the repository's TorchSharp step."""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models.resnet import ResNet, BasicBlock


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--steps", type=int, default=16)
    p.add_argument("--warmup", type=int, default=3, help="untimed steps before the first repeat")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--mkldnn", choices=["on", "off"], default="on")
    p.add_argument("--memory-format", choices=["contiguous", "channels_last"], default="contiguous",
                   help="channels_last: weights and input in PyTorch's NHWC layout, its faster CPU layout")
    return p.parse_args(argv)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = ResNet(BasicBlock, [2, 2, 2, 3], num_classes=25)
        self.body.fc = nn.Sequential(nn.Dropout(0.2), nn.Linear(512, 25))
        # Our "mlnet" input normalisation: x255, RGB -> BGR, minus per-channel means.
        self.register_buffer("mean", torch.tensor([103.06, 115.90, 123.15]).view(1, 3, 1, 1))

    def forward(self, x):
        return self.body(x.flip(1) * 255 - self.mean)


def configure(a):
    """Torch's threads (one inter-op thread, as the stage processes), mkldnn and the seed; shared with torch_infer.py."""
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.backends.mkldnn.enabled = a.mkldnn == "on"
    torch.manual_seed(0)


def setup(a):
    """Threads, model, optimizer and one batch in memory, as the comparison has always set them up."""
    configure(a)
    net = Net().train()
    x = torch.rand(a.batch, 3, a.size, a.size)
    y = torch.randint(0, 25, (a.batch,))
    if a.memory_format == "channels_last":
        net = net.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    opt = torch.optim.Adam(net.parameters(), lr=3e-4)
    return net, opt, x, y


def main(argv=None):
    a = parse(argv)
    net, opt, x, y = setup(a)

    def step():
        opt.zero_grad()
        logits = net(x)
        loss = F.cross_entropy(logits, y)
        value = loss.item()
        if value != value:
            raise SystemExit("NaN loss")
        loss.backward()
        opt.step()
        with torch.no_grad():
            (logits.argmax(1) == y).sum().item()

    for _ in range(a.warmup):
        step()
    samples = []
    for _ in range(a.repeats):
        t = time.perf_counter()
        for _ in range(a.steps):
            step()
        samples.append(a.steps * a.batch / (time.perf_counter() - t))
    print(json.dumps({"framework": f"pytorch {torch.__version__}", "mkldnn": a.mkldnn,
                      "memory_format": a.memory_format, "samples": samples}))


if __name__ == "__main__":
    main()
