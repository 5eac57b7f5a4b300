package dev.blocknas.tensor.testing;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks an op's analytic gradient against central finite differences, on the CPU unless {@link #on} says
 * another device.
 *
 * <p>The scalar probed is L = sum(f(x) * r) for a fixed random r, accumulated in double on the host, so every
 * output element's gradient path is exercised. The backend computes in float32, so the step is 1e-2 and the
 * tolerance relative (absolute near zero); a sample of elements per input keeps big inputs fast.
 */
public final class GradCheck {
    private final double eps;
    private final double rtol;
    private final double atol;
    private final int maxElementsPerInput;
    private final Device device;

    private GradCheck(double eps, double rtol, double atol, int maxElements, Device device) {
        this.eps = eps;
        this.rtol = rtol;
        this.atol = atol;
        this.maxElementsPerInput = maxElements;
        this.device = device;
    }

    /** Defaults suited to float32 ops of moderate size. */
    public static GradCheck defaults() {
        return new GradCheck(1e-2, 2e-2, 2e-3, 48, Device.CPU);
    }

    public GradCheck withEps(double e) {
        return new GradCheck(e, rtol, atol, maxElementsPerInput, device);
    }

    public GradCheck withTolerance(double relative, double absolute) {
        return new GradCheck(eps, relative, absolute, maxElementsPerInput, device);
    }

    /** The same check with the inputs, the op and the probes on {@code d}: one op table for every backend. */
    public GradCheck on(Device d) {
        return new GradCheck(eps, rtol, atol, maxElementsPerInput, d);
    }

    /**
     * Checks d(sum(f(inputs) * r))/d(input) for every input against finite differences. Inputs are
     * tensors on this check's device; their values are restored after probing.
     */
    public void check(String name, Function<List<Tensor>, Tensor> f, List<float[]> values, List<int[]> shapes) {
        try (Scope scope = Scope.open()) {
            Tensor[] leaves = new Tensor[values.size()];
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = Tensor.of(device, values.get(i).clone(), shapes.get(i)).requiresGrad(true);
            }
            Tensor out = f.apply(List.of(leaves));
            float[] r = new float[out.numel()];
            SplittableRandom rnd = new SplittableRandom(42);
            for (int i = 0; i < r.length; i++) r[i] = (float) (rnd.nextDouble() * 2 - 1);
            Tensor proj = Tensor.of(device, r, out.shape().toArray());
            out.mul(proj).sum().backward();
            for (int i = 0; i < leaves.length; i++) {
                float[] analytic = leaves[i].grad() == null ? new float[leaves[i].numel()] : leaves[i].grad().toArray();
                assertNotNull(analytic);
                float[] x = values.get(i).clone();
                int n = x.length;
                int step = Math.max(1, n / maxElementsPerInput);
                int start = n > maxElementsPerInput ? rnd.nextInt(step) : 0;
                for (int e = start; e < n; e += step) {
                    double numeric = numeric(f, values, shapes, i, e, r);
                    double a = analytic[e];
                    double err = Math.abs(a - numeric);
                    if (err > atol + rtol * Math.abs(numeric)) {
                        fail(name + ": d/d(input " + i + ")[" + e + "] analytic " + a + " vs numeric " + numeric);
                    }
                }
            }
            assertTrue(scope.liveTensors() > 0);
        }
    }

    private double numeric(Function<List<Tensor>, Tensor> f, List<float[]> values, List<int[]> shapes, int which,
                           int element, float[] r) {
        double plus = probe(f, values, shapes, which, element, +eps, r);
        double minus = probe(f, values, shapes, which, element, -eps, r);
        return (plus - minus) / (2 * eps);
    }

    private double probe(Function<List<Tensor>, Tensor> f, List<float[]> values, List<int[]> shapes, int which,
                         int element, double delta, float[] r) {
        try (Scope ignored = Scope.open(); Autograd.Mode ng = Autograd.noGrad()) {
            Tensor[] xs = new Tensor[values.size()];
            for (int i = 0; i < xs.length; i++) {
                float[] v = values.get(i).clone();
                if (i == which) v[element] = (float) (v[element] + delta);
                xs[i] = Tensor.of(device, v, shapes.get(i));
            }
            float[] out = f.apply(List.of(xs)).toArray();
            double s = 0;
            for (int k = 0; k < out.length; k++) s += (double) out[k] * r[k];
            return s;
        }
    }
}
