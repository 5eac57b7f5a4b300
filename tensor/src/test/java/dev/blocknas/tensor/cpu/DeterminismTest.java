package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Convolutions;
import dev.blocknas.tensor.ops.Linalg;
import dev.blocknas.tensor.ops.Normalization;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The same input gives bit-identical results every time, before and after the JIT compiles the kernels
 * and whatever other shapes ran in between (thread-local scratch, lane-sum order): resumed training and
 * CPU-versus-GPU checks depend on it.
 */
class DeterminismTest {

    private static float[] grads(Tensor... leaves) {
        List<Float> all = new ArrayList<>();
        for (Tensor t : leaves) for (float v : t.grad().toArray()) all.add(v);
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) out[i] = all.get(i);
        return out;
    }

    @Test
    void everyKernelRepeatsItselfBitForBit() {
        Rng rng = new Rng(3);
        Tensor img = Tensor.randn(rng, Device.CPU, 6, 3, 9, 9).persist();
        Tensor w3 = Tensor.randn(rng, Device.CPU, 8, 3, 3, 3).persist();
        Tensor dwx = Tensor.randn(rng, Device.CPU, 6, 24, 13, 13).persist();
        Tensor dw5 = Tensor.randn(rng, Device.CPU, 24, 1, 5, 5).persist();
        Tensor dw3 = Tensor.randn(rng, Device.CPU, 24, 1, 3, 3).persist();
        Tensor feat = Tensor.randn(rng, Device.CPU, 64, 200).persist();
        Tensor fc = Tensor.randn(rng, Device.CPU, 10, 200).persist();
        Map<String, Supplier<float[]>> cases = new LinkedHashMap<>();
        cases.put("conv2d stride 2 backward", () -> {
            Tensor x = img.detach().requiresGrad(true);
            Tensor w = w3.detach().requiresGrad(true);
            Convolutions.conv2d(x, w, null, 2, 1, 1, 1).square().sum().backward();
            return grads(x, w);
        });
        cases.put("depthwise k5 s2 backward", () -> {
            Tensor x = dwx.detach().requiresGrad(true);
            Tensor w = dw5.detach().requiresGrad(true);
            Convolutions.depthwiseConv2d(x, w, 2, 2).square().sum().backward();
            return grads(x, w);
        });
        cases.put("depthwise k3 s1 backward", () -> {
            Tensor x = dwx.detach().requiresGrad(true);
            Tensor w = dw3.detach().requiresGrad(true);
            Convolutions.depthwiseConv2d(x, w, 1, 1).square().sum().backward();
            return grads(x, w);
        });
        cases.put("batch norm backward", () -> {
            Tensor x = dwx.detach().requiresGrad(true);
            Tensor g = Tensor.ones(Device.CPU, 24).requiresGrad(true);
            Tensor b = Tensor.zeros(Device.CPU, 24).requiresGrad(true);
            Normalization
                    .batchNorm2d(x, g, b, Tensor.zeros(Device.CPU, 24), Tensor.ones(Device.CPU, 24), true, 0.1f, 1e-5f)
                    .square().sum().backward();
            return grads(x, g, b);
        });
        cases.put("linear backward", () -> {
            Tensor w = fc.detach().requiresGrad(true);
            Linalg.linear(feat, w, null).square().sum().backward();
            return grads(w);
        });
        cases.put("swish and sigmoid backward", () -> {
            Tensor x = dwx.detach().requiresGrad(true);
            x.silu().add(x.sigmoid()).square().sum().backward();
            return grads(x);
        });
        cases.put("reductions",
                () -> new float[] {dwx.mean().item(), dwx.sum(new int[] {0, 2, 3}, false).toArray()[5]});
        Map<String, float[]> first = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(cases.keySet());
        Random order = new Random(1);
        for (int rep = 0; rep < 40; rep++) {
            Collections.shuffle(names, order);
            for (String n : names) {
                float[] out;
                try (Scope s = Scope.open()) {
                    out = cases.get(n).get();
                }
                float[] ref = first.putIfAbsent(n, out);
                if (ref != null) assertArrayEquals(ref, out, 0f, n + " differs at repetition " + rep);
            }
        }
        for (Tensor t : Arrays.asList(img, w3, dwx, dw5, dw3, feat, fc)) t.close();
    }
}
