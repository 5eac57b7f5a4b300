package dev.blocknas.bench.gpu;

import java.util.List;

/**
 * One depthwise convolution workload of ../shared/reference/torch_anchor.py: x [n, c, h, h], k x k taps,
 * stride s, padding k / 2.
 */
record Workload(int n, int c, int h, int k, int s) {
    /** The seven depthwise workloads the PyTorch anchor times. */
    static final List<Workload> ANCHOR = List.of(
            new Workload(128, 96, 112, 3, 2), new Workload(128, 144, 56, 3, 1), new Workload(128, 240, 28, 5, 1),
            new Workload(128, 480, 14, 7, 1), new Workload(128, 1152, 7, 5, 1), new Workload(256, 96, 32, 3, 1),
            new Workload(256, 192, 16, 5, 1));

    int pad() { return k / 2; }
    int out() { return (h + 2 * pad() - k) / s + 1; }
    long inputs() { return (long) n * c * h * h; }
    long outputs() { return (long) n * c * out() * out(); }
    long taps() { return (long) c * k * k; }

    /** Fewest bytes the forward must move: read x and w, write y. */
    long forwardBytes() {
        return 4 * (inputs() + outputs() + taps());
    }

    /** Fewest bytes of data + filter gradients: read gy and w, write gx; read x and gy, write gw. */
    long backwardBytes() {
        return 4 * ((outputs() + taps() + inputs()) + (inputs() + outputs() + taps()));
    }

    /** The anchor's name for this case, e.g. "dwconv N128 C96 H112 k3 s2 float32". */
    String torchName() {
        return "dwconv N" + n + " C" + c + " H" + h + " k" + k + " s" + s + " float32";
    }

    @Override
    public String toString() {
        return "N" + n + " C" + c + " H" + h + " k" + k + " s" + s;
    }
}
