"""Interleaved TorchSharp-vs-PyTorch training-step comparison (A B A B ..., alternating which goes first).
TorchSharp side: the repository's Benchmark worker 'step' (the pure step as the Train stage process runs it:
same entry, model class, thread settings, allocator environment). PyTorch side: torch_step.py. Each process:
warm-up, then --repeats timed repeats of --steps steps; a process's figure is the median of its repeats; per
pair the ratio TorchSharp/PyTorch.

Optional, outside ./build.sh Test. Needs Debian's python3-torch and python3-torchvision (/usr/bin/python3),
the built entry (any ./build.sh command builds it) and the default experiment's shards (./build.sh Preprocess).
Run: /usr/bin/python3 benchmarks/compare.py --pairs 5"""
import argparse
import json
import os
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TUNED = {"MALLOC_MMAP_THRESHOLD_": "33554432", "MALLOC_TRIM_THRESHOLD_": "4294967296", "MALLOC_TOP_PAD_": "268435456"}

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--repo", default=os.environ.get("REPO", os.path.dirname(HERE)),
               help="checkout whose built entry and experiment the TorchSharp side runs (default: this one)")
p.add_argument("--pairs", type=int, default=5)
p.add_argument("--repeats", type=int, default=3)
p.add_argument("--steps", type=int, default=16)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--allocators", default="tuned,glibc")
p.add_argument("--onednn", choices=["stage", "on"], default="stage",
               help="stage: as the stage runs it; on: TorchSharp with oneDNN convolutions switched back on")
p.add_argument("--mkldnn", choices=["on", "off"], default="on", help="PyTorch's torch.backends.mkldnn.enabled")
p.add_argument("--memory-format", choices=["contiguous", "channels_last"], default="contiguous",
               help="PyTorch's layout (channels_last: its faster CPU layout)")
p.add_argument("--data", help="preprocessed shards (default: REPO/artifacts/data/preprocessed)")
p.add_argument("--work", help="the TorchSharp worker's artifacts folder and outputs (default: REPO/artifacts/bench/pytorch-compare)")
p.add_argument("--out", help="results JSON (default: WORK/results.json)")
a = p.parse_args()
a.data = a.data or os.path.join(a.repo, "artifacts", "data", "preprocessed")
a.work = a.work or os.path.join(a.repo, "artifacts", "bench", "pytorch-compare")
a.out = a.out or os.path.join(a.work, "results.json")
ENTRY = os.path.join(a.repo, "build", "bin", "Release", "net10.0", "linux-x64", "_build.dll")
for path, hint in ((ENTRY, "build the entry first (any ./build.sh command does)"),
                   (os.path.join(a.data, "train.shard"), "run ./build.sh Preprocess first, or pass --data")):
    if not os.path.exists(path):
        raise SystemExit(f"compare.py: {path} does not exist: {hint}")
os.makedirs(a.work, exist_ok=True)


def environment(allocator, extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    if allocator == "tuned":
        env.update(TUNED)
    env.update(extra)
    return env


def torchsharp(allocator):
    out = os.path.join(a.work, f"ts-{os.getpid()}.json")
    extra = {"PIPELINE_BENCH_WORKER": "step", "PIPELINE_BENCH_OUTPUT": out, "PIPELINE_BENCH_DATA": a.data,
             "PIPELINE_BENCH_REPEATS": str(a.repeats), "PIPELINE_BENCH_STEPS": str(a.steps), "PIPELINE_REPO_ROOT": a.repo}
    if a.onednn == "on":
        extra["PIPELINE_BENCH_ONEDNN"] = "1"
    r = subprocess.run(["dotnet", ENTRY, "Benchmark", "--threads", str(a.threads), "--artifacts", os.path.join(a.work, "artifacts")],
                       env=environment(allocator, extra), capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"compare.py: the TorchSharp worker failed (exit {r.returncode}):\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
    with open(out) as f:
        return json.load(f)[0]["samples"]


def pytorch(allocator):
    r = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "torch_step.py"), "--repeats", str(a.repeats), "--steps", str(a.steps),
                        "--threads", str(a.threads), "--mkldnn", a.mkldnn, "--memory-format", a.memory_format],
                       env=environment(allocator, {}), capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"compare.py: torch_step.py failed (exit {r.returncode}):\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])["samples"]


def save(results):
    temporary = f"{a.out}.tmp-{os.getpid()}"
    with open(temporary, "w") as f:
        json.dump(results, f, indent=1)
    os.replace(temporary, a.out)


results = {"args": vars(a), "started": time.strftime("%Y-%m-%d %H:%M:%S"), "runs": []}
for allocator in a.allocators.split(","):
    for pair in range(a.pairs):
        order = [("torchsharp", torchsharp), ("pytorch", pytorch)]
        if pair % 2:
            order.reverse()
        row = {"allocator": allocator, "pair": pair, "load_before": os.getloadavg()[0]}
        for name, run in order:
            samples = run(allocator)
            row[name] = {"samples": samples, "median": statistics.median(samples)}
        row["ratio"] = row["torchsharp"]["median"] / row["pytorch"]["median"]
        results["runs"].append(row)
        print(f"{allocator} pair {pair + 1}: TorchSharp {row['torchsharp']['median']:.1f}, PyTorch {row['pytorch']['median']:.1f} img/s, "
              f"ratio {row['ratio']:.3f} (load {row['load_before']:.1f})", flush=True)
        save(results)
summary = {}
for allocator in a.allocators.split(","):
    rows = [r for r in results["runs"] if r["allocator"] == allocator]
    summary[allocator] = {
        "torchsharp_median": statistics.median(r["torchsharp"]["median"] for r in rows),
        "pytorch_median": statistics.median(r["pytorch"]["median"] for r in rows),
        "ratio_median": statistics.median(r["ratio"] for r in rows),
        "ratios": [round(r["ratio"], 3) for r in rows],
    }
    print(allocator, json.dumps(summary[allocator]))
results["summary"] = summary
save(results)
