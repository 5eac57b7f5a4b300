#!/usr/bin/env bash
# The per-op profile of one whole-network training step on the CPU (docs/cpu-performance.md, "before"):
# builds the benchmark jar, then runs CpuStepProfile, which records JFR in-process and writes a Markdown
# report. Arguments go to CpuStepProfile, e.g. --net teacher-k5 --steps 8; the default is every network.
#   bench/scripts/profile.sh [--net teacher-k5|teacher-k3|cifar-mid|all] [--warmup 3] [--steps 8] [--out FILE]
# BLOCKNAS_SKIP_BUILD=1 reuses bench/target/blocknas-benchmarks.jar; NICE=-5 (say) runs it under nice.
. "$(dirname "$0")/env.sh"
build_bench -o
exec nice -n "${NICE:-0}" "$JAVA" "${PROGRAM_JVM_OPTS[@]}" \
  -XX:FlightRecorderOptions:stackdepth=256 -Dblocknas.bench.revision="$REVISION" -Dblocknas.cpu.threads="${BLOCKNAS_CPU_THREADS:-2}" \
  -cp bench/target/blocknas-benchmarks.jar dev.blocknas.bench.cpu.CpuStepProfile --out bench/target/cpu-profile.md "$@"
