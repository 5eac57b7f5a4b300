#!/usr/bin/env bash
# Compiles every kernels/src/main/cuda/*.cu to PTX under kernels/src/main/resources/dev/blocknas/kernels/ptx/,
# with the flags in src/main/cuda/nvcc.flags (PtxMatchesSourceTest uses the same file, so the checked-in
# PTX provably comes from the checked-in source).
#
# compute_80 PTX is JIT-compiled by the driver for the GPU it runs on (A100, H100, H200, ...): these kernels
# are memory bound and use no Hopper-only instruction, so nothing is lost by not targeting sm_90 here.
# PTX from nvcc 13 needs a CUDA 13 (580+) driver.
#
#   kernels/scripts/build-ptx.sh            regenerate the PTX
#   kernels/scripts/build-ptx.sh --report   also print registers/spills per kernel for sm_90 (H100/H200)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src="$here/src/main/cuda"
out="$here/src/main/resources/dev/blocknas/kernels/ptx"
read -r -a flags < "$src/nvcc.flags"
command -v nvcc >/dev/null || { echo "build-ptx.sh: nvcc is not on PATH" >&2; exit 2; }
mkdir -p "$out"
cd "$src"   # relative file names keep machine paths out of the PTX
for cu in *.cu; do
  name=${cu%.cu}
  nvcc "${flags[@]}" -o "$out/$name.ptx" "$cu"
  echo "built ptx/$name.ptx"
done
if [ "${1:-}" = "--report" ]; then
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  for cu in *.cu; do
    nvcc -cubin -arch=sm_90 -O3 -std=c++17 --resource-usage -o "$tmp/x.cubin" "$cu" 2>&1 | awk -v file="$cu" '
      /Function properties for/ { fn = $NF }
      /bytes stack frame/ { stack = $1; st = $5; ld = $9 }
      /Used [0-9]+ registers/ && fn !~ /internal/ {
        match($0, /Used [0-9]+ registers/); regs = substr($0, RSTART + 5, RLENGTH - 15)
        smem = ""; if (match($0, /[0-9]+ bytes smem/)) smem = ", " substr($0, RSTART, RLENGTH) " static"
        printf "%-24s %-36s %3s registers, %s B stack, %s B spill stores, %s B spill loads%s\n", file, fn, regs, stack, st, ld, smem
      }'
  done
fi
