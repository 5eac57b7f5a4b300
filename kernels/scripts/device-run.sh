#!/usr/bin/env bash
# One call on the lent GPU machine does everything this module needs checked there (its time is scarce):
#   1. the PyTorch anchor numbers on the same GPU (for ratios),
#   2. every JUnit test tagged "gpu" (correctness first: a wrong kernel is not worth timing),
#   3. the depthwise side-by-side benchmark (ours vs cuDNN vs the PyTorch numbers of step 1).
# Prepare here with ../shared/gpu/stage.sh; then, through the device tool with carry [".gpu"]:
#   bash kernels/scripts/device-run.sh
# Results land under $OUT (torch.json, tests.txt, depthwise.json, bench.txt); the last lines printed are the
# benchmark table. Set JAVA_OPTS=-Dblocknas.cuda.sync=true to localise an asynchronous kernel fault.
set -uo pipefail
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,temperature.gpu --format=csv > "$OUT/gpu.txt" 2>&1 || true
bash .gpu/run.sh torch "$OUT/torch.json" > "$OUT/torch.txt" 2>&1 || echo "torch anchor failed (see torch.txt)"
bash .gpu/run.sh test --include-tag gpu > "$OUT/tests.txt" 2>&1
echo "gpu tests exit code $?"
grep -E "tests (successful|failed|aborted)|MethodSource|✘" "$OUT/tests.txt" | tail -40
bash .gpu/run.sh java dev.blocknas.bench.gpu.DepthwiseBench "$OUT/depthwise.json" --torch "$OUT/torch.json" 2>&1 | tee "$OUT/bench.txt" | tail -16
