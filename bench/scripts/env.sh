# Sourced by the bench scripts: the repository root, JDK 25, and the revision a report names. Then
# `build_bench ARGS...` builds bench with the engine in the same reactor (-am), so that a run never measures
# whatever another checkout last installed into the shared ~/.m2; BLOCKNAS_SKIP_BUILD=1 skips it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. .mvn/jdk.sh
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The program's own JVM options (the Vector API, native access, the parallel collector and a heap that does not
# resize), read from the one file that holds them, so a benchmark runs the engine as ./blocknas runs it: with the
# JVM's default collector and a 3 GB heap the same teacher-k3 step took 10-20% longer.
mapfile -t PROGRAM_JVM_OPTS < <(grep -v -E '^[[:space:]]*(#|$)' nas/src/main/resources/dev/blocknas/nas/cli/jvm.options)
REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- . 2>/dev/null || echo +changes)"
build_bench() {
  if [ -z "${BLOCKNAS_SKIP_BUILD:-}" ]; then ./mvnw -B -q "$@" -pl bench -am -DskipTests package; fi
}
