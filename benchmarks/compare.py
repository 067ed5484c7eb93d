"""Interleaved TorchSharp-vs-PyTorch comparison (A B A B ..., alternating which goes first), of the training step
(--mode step, the default) or of TTA inference (--mode infer).
step: TorchSharp side the repository's Benchmark worker 'step' (the pure step as the Train stage process runs it: same
entry, model class, thread settings, allocator environment), PyTorch side torch_step.py; images/s of training.
infer: TorchSharp side the worker 'infer' (our TTA path as TtaRunner runs it: the val shard read, the experiment's
augmented copies made, forward, softmax, mean), PyTorch side torch_infer.py (forward and softmax of a batch in memory,
inference_mode, by default channels_last); forward images/s (TTA: copies x test images / s), per forward batch.
Each process: warm-up, then --repeats timed repeats; a process's figure is the median of its repeats; per pair the
ratio TorchSharp/PyTorch.

Optional, outside ./build.sh Test. Needs Debian's python3-torch and python3-torchvision (/usr/bin/python3),
the built entry (any ./build.sh command builds it) and the default experiment's shards (./build.sh Preprocess).
Run: /usr/bin/python3 benchmarks/compare.py --pairs 5            (training step)
     /usr/bin/python3 benchmarks/compare.py --mode infer --pairs 5   (TTA inference against PyTorch channels_last)"""
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
p.add_argument("--mode", choices=["step", "infer"], default="step", help="step: the training step; infer: TTA inference")
p.add_argument("--pairs", type=int, default=5)
p.add_argument("--repeats", type=int, default=3)
p.add_argument("--steps", type=int, default=16, help="step: steps per timed repeat")
p.add_argument("--batches", default="128,320",
               help="infer: forward images per call, each measured in its own pairs; our side takes round(batch / copies) test "
                    "images per call and PyTorch that many x copies (128 -> 13 x 10 = 130; 320 = our TTA call, 32 x 10)")
p.add_argument("--copies", type=int, default=10, help="infer: views per test image of the experiment's TTA (tta.yaml copies; the worker checks it)")
p.add_argument("--images", type=int, default=3030, help="infer: PyTorch's forward images per timed repeat (our side: one pass over the val shard)")
p.add_argument("--threads", type=int, default=2)
p.add_argument("--allocators", help="comma-separated: tuned, glibc (default: step tuned,glibc; infer tuned)")
p.add_argument("--onednn", choices=["stage", "on"], default="stage",
               help="stage: as the stage runs it; on: TorchSharp with oneDNN convolutions switched back on")
p.add_argument("--mkldnn", choices=["on", "off"], default="on", help="PyTorch's torch.backends.mkldnn.enabled")
p.add_argument("--memory-format", choices=["contiguous", "channels_last"],
               help="PyTorch's layout (channels_last: its faster CPU layout; default: step contiguous, infer channels_last)")
p.add_argument("--torchsharp-memory-format", choices=["contiguous", "channels_last"],
               help="our side's layout (PIPELINE_BENCH_MEMORY_FORMAT; default what the stages run: step contiguous, infer channels_last)")
p.add_argument("--profile", action="store_true",
               help="instead of pairs, where the time goes on each side, one process each, side by side (our worker with "
                    "PIPELINE_BENCH_PROFILE=1): step: forward, backward, optimizer in ms per step (torch_profile.py); infer: "
                    "augment, layout, forward, rest in ms per forward call, for each of --batches (torch_infer.py --profile)")
p.add_argument("--data", help="preprocessed shards (default: REPO/artifacts/data/preprocessed)")
p.add_argument("--work", help="the TorchSharp worker's artifacts folder and outputs (default: REPO/artifacts/bench/pytorch-compare)")
p.add_argument("--out", help="results JSON (default: WORK/results.json)")
a = p.parse_args()
a.allocators = a.allocators or ("tuned,glibc" if a.mode == "step" else "tuned")
a.memory_format = a.memory_format or ("contiguous" if a.mode == "step" else "channels_last")
a.torchsharp_memory_format = a.torchsharp_memory_format or ("contiguous" if a.mode == "step" else "channels_last")
a.data = a.data or os.path.join(a.repo, "artifacts", "data", "preprocessed")
a.work = a.work or os.path.join(a.repo, "artifacts", "bench", "pytorch-compare")
a.out = a.out or os.path.join(a.work, ("profile.json" if a.mode == "step" else "profile-infer.json") if a.profile else "results.json" if a.mode == "step" else "results-infer.json")
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


def images_per_call(batch):
    return max(1, int(batch / a.copies + 0.5))


def torchsharp(allocator, batch=None, profile=False):
    out = os.path.join(a.work, f"ts-{os.getpid()}.json")
    extra = {"PIPELINE_BENCH_WORKER": a.mode, "PIPELINE_BENCH_OUTPUT": out, "PIPELINE_BENCH_DATA": a.data,
             "PIPELINE_BENCH_REPEATS": str(a.repeats), "PIPELINE_BENCH_STEPS": str(a.steps), "PIPELINE_REPO_ROOT": a.repo,
             "PIPELINE_BENCH_MEMORY_FORMAT": a.torchsharp_memory_format}
    if a.mode == "infer":
        extra["PIPELINE_BENCH_TTA_IMAGES"] = str(images_per_call(batch))
    if a.onednn == "on":
        extra["PIPELINE_BENCH_ONEDNN"] = "1"
    if profile:
        extra["PIPELINE_BENCH_PROFILE"] = "1"
    r = subprocess.run(["dotnet", ENTRY, "Benchmark", "--threads", str(a.threads), "--artifacts", os.path.join(a.work, "artifacts")],
                       env=environment(allocator, extra), capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"compare.py: the TorchSharp worker failed (exit {r.returncode}):\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
    with open(out) as f:
        figures = json.load(f)
    if profile:
        return {f["id"]: f["median"] for f in figures}
    if a.mode == "step":
        return figures[0]["samples"]
    wanted = f"d.infer.{images_per_call(batch) * a.copies}"
    found = [f for f in figures if f["id"] == wanted]
    if not found:
        raise SystemExit(f"compare.py: the worker reported {[f['id'] for f in figures]}, not {wanted}: does tta.yaml have "
                         f"{a.copies} views per image? (pass --copies)")
    return found[0]["samples"]


def pytorch(allocator, batch=None):
    if a.mode == "step":
        command = [os.path.join(HERE, "torch_step.py"), "--steps", str(a.steps)]
    else:
        command = [os.path.join(HERE, "torch_infer.py"), "--batch", str(images_per_call(batch) * a.copies), "--images", str(a.images)]
    r = subprocess.run(["/usr/bin/python3", *command, "--repeats", str(a.repeats), "--threads", str(a.threads), "--mkldnn", a.mkldnn,
                        "--memory-format", a.memory_format],
                       env=environment(allocator, {}), capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"compare.py: {os.path.basename(command[0])} failed (exit {r.returncode}):\n{r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])["samples"]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            return next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "unknown")
    except OSError:
        return "unknown"


def save(results):
    temporary = f"{a.out}.tmp-{os.getpid()}"
    with open(temporary, "w") as f:
        json.dump(results, f, indent=1)
    os.replace(temporary, a.out)


def profile_infer():
    allocator = a.allocators.split(",")[0]
    rows = {}
    for batch in [int(b) for b in a.batches.split(",")]:
        forward_batch = images_per_call(batch) * a.copies
        ours = torchsharp(allocator, batch, profile=True)
        r = subprocess.run(["/usr/bin/python3", "-B", os.path.join(HERE, "torch_infer.py"), "--profile", "--batch", str(forward_batch),
                            "--images", str(a.images), "--repeats", str(a.repeats), "--threads", str(a.threads), "--mkldnn", a.mkldnn,
                            "--memory-format", a.memory_format],
                           env=environment(allocator, {}), capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"compare.py: torch_infer.py --profile failed (exit {r.returncode}):\n{r.stderr[-2000:]}")
        theirs = json.loads(r.stdout.strip().splitlines()[-1])["ms_per_call"]
        parts = {part: {"torchsharp_ms": ours[f"d.infer.{forward_batch}.{part}"], "pytorch_ms": theirs.get(part, 0.0)}
                 for part in ("augment", "layout", "forward", "rest", "total")}
        rows[forward_batch] = parts
        print(f"ms per forward call of {forward_batch} images ({allocator} allocator, TorchSharp {a.torchsharp_memory_format}, "
              f"PyTorch {a.memory_format}, load {os.getloadavg()[0]:.1f}):")
        for part, row in parts.items():
            ratio = f"{row['torchsharp_ms'] / row['pytorch_ms']:.3f}" if row["pytorch_ms"] else "(PyTorch has no such part)"
            print(f"  {part:<10} TorchSharp {row['torchsharp_ms']:7.1f}   PyTorch {row['pytorch_ms']:7.1f}   ratio {ratio}")
    save({"args": vars(a), "date": time.strftime("%Y-%m-%d %H:%M:%S"), "cpu": cpu_model(), "load": os.getloadavg()[0], "split": rows})


def profile():
    allocator = a.allocators.split(",")[0]
    ours = torchsharp(allocator, profile=True)
    r = subprocess.run(["/usr/bin/python3", "-B", os.path.join(HERE, "torch_profile.py"), "--repeats", str(a.repeats), "--steps", str(a.steps),
                        "--threads", str(a.threads), "--mkldnn", a.mkldnn, "--memory-format", a.memory_format],
                       env=environment(allocator, {}), capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"compare.py: torch_profile.py failed (exit {r.returncode}):\n{r.stderr[-2000:]}")
    theirs = json.loads(r.stdout.strip().splitlines()[-1])
    rows = {part: {"torchsharp_ms": ours[f"a.{part}"], "pytorch_ms": theirs[part]} for part in ("forward", "backward", "optimizer")}
    rows["total"] = {side: sum(row[side] for row in rows.values()) for side in ("torchsharp_ms", "pytorch_ms")}
    print(f"ms per step ({allocator} allocator, TorchSharp {a.torchsharp_memory_format}, PyTorch {a.memory_format}, load {os.getloadavg()[0]:.1f}):")
    for part, row in rows.items():
        print(f"  {part:<10} TorchSharp {row['torchsharp_ms']:7.1f}   PyTorch {row['pytorch_ms']:7.1f}   ratio {row['torchsharp_ms'] / row['pytorch_ms']:.3f}")
    tensors, ours_us, theirs_us, calls = ours.get("a.tensors"), ours.get("a.op_us"), theirs.get("op_us"), theirs.get("calls")
    if None not in (tensors, ours_us, theirs_us, calls):
        print(f"  crossings per step: TorchSharp {tensors:.0f} tensors made x {ours_us:.2f} us per tiny op = {tensors * ours_us / 1000:.2f} ms; "
              f"PyTorch {calls} calls from Python x {theirs_us:.2f} us = {calls * theirs_us / 1000:.2f} ms")
    save({"args": vars(a), "date": time.strftime("%Y-%m-%d %H:%M:%S"), "cpu": cpu_model(), "load": os.getloadavg()[0],
          "torchsharp_step_img_s": ours.get("a"), "split": rows,
          "crossings": {"torchsharp_tensors_per_step": tensors, "torchsharp_op_us": ours_us, "pytorch_calls_per_step": calls, "pytorch_op_us": theirs_us}})


if a.profile:
    profile() if a.mode == "step" else profile_infer()
    raise SystemExit(0)

results = {"args": vars(a), "started": time.strftime("%Y-%m-%d %H:%M:%S"), "cpu": cpu_model(), "runs": []}
batches = [None] if a.mode == "step" else [int(b) for b in a.batches.split(",")]
unit = "img/s" if a.mode == "step" else "forward img/s"
for allocator in a.allocators.split(","):
    for batch in batches:
        for pair in range(a.pairs):
            order = [("torchsharp", torchsharp), ("pytorch", pytorch)]
            if pair % 2:
                order.reverse()
            row = {"allocator": allocator, "pair": pair, "load_before": os.getloadavg()[0]}
            if batch is not None:
                row["forward_batch"] = images_per_call(batch) * a.copies
            for name, run in order:
                samples = run(allocator, batch)
                row[name] = {"samples": samples, "median": statistics.median(samples)}
            row["ratio"] = row["torchsharp"]["median"] / row["pytorch"]["median"]
            results["runs"].append(row)
            label = allocator if batch is None else f"{allocator} batch {row['forward_batch']}"
            print(f"{label} pair {pair + 1}: TorchSharp {row['torchsharp']['median']:.1f}, PyTorch {row['pytorch']['median']:.1f} {unit}, "
                  f"ratio {row['ratio']:.3f} (load {row['load_before']:.1f})", flush=True)
            save(results)
summary = {}
for allocator in a.allocators.split(","):
    for batch in batches:
        rows = [r for r in results["runs"] if r["allocator"] == allocator and (batch is None or r["forward_batch"] == images_per_call(batch) * a.copies)]
        label = allocator if batch is None else f"{allocator} batch {images_per_call(batch) * a.copies}"
        summary[label] = {
            "torchsharp_median": statistics.median(r["torchsharp"]["median"] for r in rows),
            "pytorch_median": statistics.median(r["pytorch"]["median"] for r in rows),
            "ratio_median": statistics.median(r["ratio"] for r in rows),
            "ratios": [round(r["ratio"], 3) for r in rows],
            "load": [round(r["load_before"], 1) for r in rows],
        }
        print(label, json.dumps(summary[label]))
results["summary"] = summary
results["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
save(results)
