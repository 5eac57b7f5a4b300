package dev.blocknas.layers.data;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Tensor;

/** Host batches as tensors on a device: images [N, C, H, W] and labels [N] (class indices as floats). */
public final class BatchTensors {
    private BatchTensors() {}

    /** The batch's images on {@code device}. */
    public static Tensor images(Batch b, Device device) {
        return Tensor.of(device, b.images(), b.n(), b.c(), b.h(), b.w());
    }

    /** The batch's labels on {@code device}. */
    public static Tensor labels(Batch b, Device device) {
        float[] l = new float[b.n()];
        for (int i = 0; i < l.length; i++) l[i] = b.labels()[i];
        return Tensor.of(device, l, b.n());
    }
}
