#!/usr/bin/env bash
# The one call on a lent GPU machine (a session gets about one: 15 device-minutes including the start, at
# most 10 minutes a command). Built so that the call cannot lose its results:
#   - every step runs under `timeout`, and the limits add up to 8 min 40 s;
#   - every step writes under $OUT as it goes, and the status line of each lands in $OUT/steps.txt the moment
#     it ends, so whatever the call is cut at, what came before is kept;
#   - correctness first: a wrong kernel is not worth timing, and what is compared with PyTorch comes before
#     what is only PyTorch's.
# Steps: nvidia-smi; the gpu-tagged JUnit tests with a synchronisation after every kernel (an asynchronous
# fault is blamed on its own kernel), GPU tests failing rather than skipping when CUDA cannot run, and the
# JVM flags of the CI tests (so the GPU is compared with the CPU path CI tests); the depthwise benchmark
# (ours vs cuDNN, JSON rewritten after each workload); our MBConv and supernet training steps, then the
# PyTorch anchor's same cases; the anchor's remaining cases; the closing table (device_summary.py).
# Exit status: 0 only if every step passed; otherwise 1 and a line naming the failed steps.
#
# Prepare here with ../shared/gpu/stage.sh (then check the kit is under 64 MiB), then through the device
# tool, with carry [".gpu"]:   bash kernels/scripts/device-run.sh
# The dry run without a GPU is kernels-test:DeviceRunScriptTest (a fake kit and nvidia-smi; it must fail).
#
# Environment: OUT (default /tmp/out), KIT (default .gpu), PYTHON (default python3), and
# DEVICE_RUN_LIMIT_PERCENT (default 100) to scale every time limit, for that dry run.
set -uo pipefail
OUT=${OUT:-/tmp/out}
KIT=${KIT:-.gpu}
PYTHON=${PYTHON:-python3}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$OUT"
STEPS=$OUT/steps.txt
: > "$STEPS"
FAILED=()

# The JVM flags of Maven's tests (test.argLine in the root pom) that change what runs: the Vector API CPU
# path and the deep recursion of autograd. --enable-native-access comes from $KIT/run.sh.
CI_FLAGS="--add-modules=jdk.incubator.vector -Xss8m"

# Time limits in seconds; their sum is checked by DeviceRunScriptTest.
LIMIT_SMI=15
LIMIT_TESTS=225
LIMIT_DEPTHWISE=110
LIMIT_OURS_STEPS=50
LIMIT_TORCH_STEPS=35
LIMIT_TORCH_REST=70
LIMIT_SUMMARY=15

# step NAME LIMIT COMMAND...: runs COMMAND with stdout and stderr to $OUT/NAME.txt, cut at LIMIT (scaled).
step() {
  local name=$1 limit=$(( $2 * ${DEVICE_RUN_LIMIT_PERCENT:-100} / 100 )) start rc verdict
  shift 2
  [ "$limit" -ge 1 ] || limit=1
  start=$SECONDS
  timeout -k 5 "$limit" "$@" > "$OUT/$name.txt" 2>&1
  rc=$?
  case $rc in
    0) verdict=ok ;;
    124|137) verdict="TIMED OUT after ${limit} s" ;;
    *) verdict="FAILED (exit $rc)" ;;
  esac
  [ $rc -eq 0 ] || FAILED+=("$name")
  echo "$name: $verdict, $(( SECONDS - start )) s of ${limit} s" | tee -a "$STEPS"
  return $rc
}

# The console launcher's exit status misses skipped tests: with blocknas.gpu.required they must not exist.
check_tests() {
  local log=$OUT/tests.txt found failed aborted
  found=$(sed -n 's/.* \([0-9][0-9]*\) tests found.*/\1/p' "$log" | tail -1)
  failed=$(sed -n 's/.* \([0-9][0-9]*\) tests failed.*/\1/p' "$log" | tail -1)
  aborted=$(sed -n 's/.* \([0-9][0-9]*\) tests aborted.*/\1/p' "$log" | tail -1)
  { echo "gpu tests: found ${found:-?}, failed ${failed:-?}, aborted ${aborted:-?}"
    grep -E "✘|MethodSource|Exception|Error" "$log" | head -60; } > "$OUT/tests-summary.txt"
  head -1 "$OUT/tests-summary.txt" | tee -a "$STEPS"
  if [ "${found:-0}" -eq 0 ] || [ "${failed:-1}" -ne 0 ] || [ "${aborted:-1}" -ne 0 ]; then
    FAILED+=("gpu-test-counts")
  fi
}

if [ ! -f "$KIT/run.sh" ]; then
  echo "device-run.sh: no kit at $KIT (run ../shared/gpu/stage.sh here first, then carry .gpu)" | tee -a "$STEPS" >&2
  exit 2
fi

step gpu "$LIMIT_SMI" nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem,temperature.gpu,power.draw \
  --format=csv
JAVA_OPTS="$CI_FLAGS -Dblocknas.cuda.sync=true -Dblocknas.gpu.required=true" \
  step tests "$LIMIT_TESTS" bash "$KIT/run.sh" test --include-tag gpu --fail-if-no-tests --reports-dir "$OUT/junit"
check_tests
JAVA_OPTS="$CI_FLAGS" step depthwise "$LIMIT_DEPTHWISE" \
  bash "$KIT/run.sh" java dev.blocknas.bench.gpu.DepthwiseBench "$OUT/depthwise.json" --reps 20 --warmup 3
JAVA_OPTS="$CI_FLAGS" step train-steps "$LIMIT_OURS_STEPS" \
  bash "$KIT/run.sh" java dev.blocknas.bench.gpu.TrainStepBench "$OUT/train-steps.json" --reps 20 --warmup 5
step torch-train "$LIMIT_TORCH_STEPS" \
  env PYTHONUNBUFFERED=1 "$PYTHON" "$HERE/torch_cases.py" "$KIT" "$OUT/torch-train.json" cells supernet32
step torch-rest "$LIMIT_TORCH_REST" \
  env PYTHONUNBUFFERED=1 "$PYTHON" "$HERE/torch_cases.py" "$KIT" "$OUT/torch-rest.json" dwconv supernet224
step summary "$LIMIT_SUMMARY" "$PYTHON" "$HERE/device_summary.py" "$OUT"

cat "$OUT/summary.txt"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "DEVICE RUN FAILED: ${FAILED[*]} (logs: $OUT/<step>.txt; status: $STEPS)" | tee -a "$STEPS"
  exit 1
fi
echo "device run: every step passed" | tee -a "$STEPS"
