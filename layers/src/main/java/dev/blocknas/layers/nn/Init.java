package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

/**
 * Weight initialisers, all drawn from the counter-based {@link Rng} so a network is the same on every device.
 *
 * <p>Convolutions use He/Kaiming normal with fan-out, as the EfficientNet/MnasNet reference code does:
 * std = sqrt(2 / (k * k * outChannels / groups)) (the group correction makes a depthwise k x k kernel's
 * fan-out k * k, as in TensorFlow's depthwise initialiser). Linear layers use uniform(-1/sqrt(fanIn),
 * 1/sqrt(fanIn)), PyTorch's default range for a linear weight. Biases start at zero, batch-norm at
 * gamma 1, beta 0.
 */
public final class Init {
    private Init() {}

    /** Standard deviation of the He/Kaiming fan-out normal for a conv weight [out, in/groups, k, k]. */
    public static double convStd(int outChannels, int kernel, int groups) {
        double fanOut = (double) kernel * kernel * outChannels / groups;
        return Math.sqrt(2.0 / fanOut);
    }

    /** A new conv weight [out, in/groups, k, k] drawn from the fan-out normal. */
    public static Tensor convWeight(Rng rng, Device device, int outChannels, int inPerGroup, int kernel, int groups) {
        return Tensor.randn(rng, 0f, (float) convStd(outChannels, kernel, groups), device, outChannels, inPerGroup,
                kernel, kernel);
    }

    /** Half-width of the uniform range of a linear weight with {@code fanIn} inputs. */
    public static double linearBound(int fanIn) {
        return 1.0 / Math.sqrt(fanIn);
    }

    /** A new linear weight [out, in] drawn from uniform(-1/sqrt(in), 1/sqrt(in)). */
    public static Tensor linearWeight(Rng rng, Device device, int outFeatures, int inFeatures) {
        float b = (float) linearBound(inFeatures);
        return Tensor.rand(rng, -b, b, device, outFeatures, inFeatures);
    }
}
