#!/usr/bin/env bash
# Our CPU engine beside DJL with the PyTorch engine on the same workloads, in one JVM (docs/cpu-performance.md):
# builds bench with -Ppeers (the first time, Maven fetches DJL and the CPU libtorch jar), then runs PeerBench,
# which prints a Markdown table and writes it to bench/target/peers.md. Arguments go to PeerBench, e.g.
#   bench/scripts/peers.sh [--warmup 3] [--reps 10] [--budget-s 45] [--only cifar] [--out FILE]
# DJL runs offline (ai.djl.offline=true): libtorch is extracted from the jar on the class path into
# bench/target/djl-cache, never downloaded. BLOCKNAS_SKIP_BUILD=1 reuses the last build; NICE=-5 (say) runs it
# under nice. THREADS=1 gives both sides one thread instead of two (blocknas.cpu.threads, libtorch's intra-op).
. "$(dirname "$0")/env.sh"
build_bench ${MAVEN_OFFLINE--o} -Ppeers
CP="bench/target/classes:$(cat bench/target/peers.classpath)"
exec nice -n "${NICE:-0}" "$JAVA" "${PROGRAM_JVM_OPTS[@]}" \
  -Dblocknas.bench.revision="$REVISION" -Dblocknas.cpu.threads="${THREADS:-2}" -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${THREADS:-2}" -Dai.djl.pytorch.num_interop_threads=1 \
  -DENGINE_CACHE_DIR=bench/target/djl-cache -cp "$CP" dev.blocknas.bench.peers.PeerBench --out bench/target/peers.md "$@"
