package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.ops.Linalg;

/**
 * Fully connected layer y = x W^T + b on [N, in]: {@code weight} [out, in] from uniform(-1/sqrt(in),
 * 1/sqrt(in)), optional {@code bias} [out] starting at zero (no weight decay).
 */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int in, int out, boolean bias, Rng rng, Device device) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("invalid Linear(" + in + " -> " + out + ")");
        this.in = in;
        this.out = out;
        this.weight = registerParameter("weight", Init.linearWeight(rng, device, out, in), true);
        this.bias = bias ? registerParameter("bias", Tensor.zeros(device, out), false) : null;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Linalg.linear(x, weight.tensor(), bias == null ? null : bias.tensor());
    }

    @Override
    protected String describe() {
        return "Linear(" + in + " -> " + out + (bias != null ? ", bias" : "") + ")";
    }
}
