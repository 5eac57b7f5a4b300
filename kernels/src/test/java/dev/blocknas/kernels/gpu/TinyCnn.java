package dev.blocknas.kernels.gpu;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Convolutions;
import dev.blocknas.tensor.ops.Linalg;
import dev.blocknas.tensor.ops.Losses;
import dev.blocknas.tensor.ops.Normalization;
import dev.blocknas.tensor.ops.Pooling;

import java.util.ArrayList;
import java.util.List;

/**
 * A small MobileNet-like CNN written with tensor ops only (conv2d, batchNorm2d, relu6, depthwise conv,
 * globalAvgPool, linear, crossEntropy) and trained with the backend's SGD step; identical initial weights on
 * any device, so a CPU and a GPU run can be compared step by step.
 */
final class TinyCnn implements AutoCloseable {
    final Device device;
    final List<Tensor> params = new ArrayList<>();
    final List<Tensor> velocity = new ArrayList<>();
    final List<Tensor> buffers = new ArrayList<>();
    private final Tensor stemW, dwW, pwW, fcW, fcB;
    private final Tensor[][] bn = new Tensor[3][];

    TinyCnn(Device device, long seed) {
        this.device = device;
        Rng rng = new Rng(seed);
        stemW = param(Tensor.randn(rng, 0f, 0.3f, device, 8, 3, 3, 3));
        dwW = param(Tensor.randn(rng, 0f, 0.3f, device, 8, 1, 3, 3));
        pwW = param(Tensor.randn(rng, 0f, 0.3f, device, 16, 8, 1, 1));
        fcW = param(Tensor.randn(rng, 0f, 0.2f, device, 10, 16));
        fcB = param(Tensor.zeros(device, 10));
        int[] channels = {8, 8, 16};
        for (int i = 0; i < 3; i++) {
            Tensor gamma = param(Tensor.ones(device, channels[i]));
            Tensor beta = param(Tensor.zeros(device, channels[i]));
            Tensor rm = buffer(Tensor.zeros(device, channels[i]));
            Tensor rv = buffer(Tensor.ones(device, channels[i]));
            bn[i] = new Tensor[] {gamma, beta, rm, rv};
        }
        for (Tensor p : params) velocity.add(Tensor.zeros(device, p.shape().toArray()).persist());
    }

    private Tensor param(Tensor t) {
        t.persist().requiresGrad(true);
        params.add(t);
        return t;
    }

    private Tensor buffer(Tensor t) {
        t.persist();
        buffers.add(t);
        return t;
    }

    private Tensor bnRelu6(Tensor x, int i) {
        Tensor[] b = bn[i];
        return Normalization.batchNorm2d(x, b[0], b[1], b[2], b[3], true, 0.1f, 1e-5f).relu6();
    }

    /** Mean cross-entropy of the batch. */
    Tensor loss(Tensor images, Tensor labels) {
        Tensor h = bnRelu6(Convolutions.conv2d(images, stemW, null, 1, 1, 1, 1), 0);
        h = bnRelu6(Convolutions.conv2d(h, dwW, null, 2, 1, 1, 8), 1); // depthwise: groups = channels
        h = bnRelu6(Convolutions.conv2d(h, pwW, null, 1, 0, 1, 1), 2);
        Tensor pooled = Pooling.globalAvgPool(h).flatten(1);
        Tensor logits = Linalg.linear(pooled, fcW, fcB);
        return Losses.crossEntropy(logits, labels, 0.1f);
    }

    /** One SGD step (momentum 0.9, Nesterov, weight decay) on the accumulated gradients, then clears them. */
    void step(float lr) {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            p.backend().sgdStep(p, p.grad(), velocity.get(i), lr, 0.9f, 4e-5f, true);
            p.zeroGrad();
        }
    }

    /** Every parameter and running statistic, flattened in order. */
    float[] state() {
        List<float[]> parts = new ArrayList<>();
        int n = 0;
        for (List<Tensor> l : List.of(params, buffers)) {
            for (Tensor t : l) {
                float[] v = t.toArray();
                parts.add(v);
                n += v.length;
            }
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] v : parts) {
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    @Override
    public void close() {
        for (Tensor t : params) t.close();
        for (Tensor t : velocity) t.close();
        for (Tensor t : buffers) t.close();
    }
}
