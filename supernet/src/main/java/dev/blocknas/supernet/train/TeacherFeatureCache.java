package dev.blocknas.supernet.train;

import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The teacher's features after every block for each training image, computed the first time the image is seen
 * and read back from host memory in later epochs. Distillation runs the fixed teacher over the same unaugmented
 * images every epoch; on the CPU that forward pass was a third of a supernet step. The CPU backend computes each
 * image's eval-mode features independently of the rest of its batch, so a kept feature has the bits a new pass
 * would give it and training is unchanged bit for bit ({@code TeacherFeatureCacheTest}).
 *
 * <p>Used only where that holds and pays: CPU tensors, training images without augmentation, and a cache that fits
 * in {@link #budgetBytes} (one array per block of at most {@link Integer#MAX_VALUE} floats); otherwise
 * {@link #of} returns null and the teacher runs every step.
 */
final class TeacherFeatureCache {
    private final Teacher teacher;
    private final int images;
    private final boolean[] kept;
    /** Per block: every image's features, image-major; null until the first batch gives their size. */
    private float[][] features;
    private int[][] shapes;
    /** Per block: one batch's features, reused to assemble the tensors of a batch. */
    private float[][] batch;
    private boolean tooLarge;

    private TeacherFeatureCache(Teacher teacher, int images) {
        this.teacher = teacher;
        this.images = images;
        this.kept = new boolean[images];
    }

    /**
     * A cache for the {@code images} training images of {@code task}, or null where one would change the result or
     * not pay (see the class comment).
     */
    static TeacherFeatureCache of(Teacher teacher, Task task, Device device) {
        if (!device.equals(Device.CPU) || !task.augment().isIdentity()) return null;
        return new TeacherFeatureCache(teacher, task.train().size());
    }

    /** An eighth of the heap: the default heap of the program is a quarter of the machine's memory. */
    private static long budgetBytes() {
        return Runtime.getRuntime().maxMemory() / 8;
    }

    /**
     * The teacher's features for a batch {@code x} of the training images {@code samples} (their indices in the
     * data set, in batch order), as {@link Teacher#features} gives them.
     */
    List<Tensor> features(Tensor x, int[] samples) {
        if (features != null && allKept(samples)) return assemble(samples, x.device());
        List<Tensor> out = teacher.features(x);
        if (!tooLarge) keep(out, samples);
        return out;
    }

    private boolean allKept(int[] samples) {
        for (int s : samples) if (!kept[s]) return false;
        return true;
    }

    private void keep(List<Tensor> out, int[] samples) {
        if (features == null && !allocate(out, samples.length)) return;
        for (int b = 0; b < out.size(); b++) {
            float[] all = out.get(b).toArray();
            int len = all.length / samples.length;
            for (int i = 0; i < samples.length; i++) System.arraycopy(all, i * len, features[b], samples[i] * len, len);
        }
        for (int s : samples) kept[s] = true;
    }

    private boolean allocate(List<Tensor> out, int n) {
        long bytes = 0;
        long largest = 0;
        for (Tensor t : out) {
            long floats = (long) images * (t.numel() / n);
            bytes += 4 * floats;
            largest = Math.max(largest, floats);
        }
        if (bytes > budgetBytes() || largest > Integer.MAX_VALUE - 8) {
            tooLarge = true;
            return false;
        }
        features = new float[out.size()][];
        shapes = new int[out.size()][];
        batch = new float[out.size()][];
        for (int b = 0; b < out.size(); b++) {
            int len = out.get(b).numel() / n;
            features[b] = new float[images * len];
            shapes[b] = out.get(b).shape().toArray();
        }
        return true;
    }

    private List<Tensor> assemble(int[] samples, Device device) {
        List<Tensor> out = new ArrayList<>(features.length);
        for (int b = 0; b < features.length; b++) {
            int[] shape = shapes[b].clone();
            int len = features[b].length / images;
            shape[0] = samples.length;
            if (batch[b] == null || batch[b].length != samples.length * len) batch[b] = new float[samples.length * len];
            for (int i = 0; i < samples.length; i++)
                System.arraycopy(features[b], samples[i] * len, batch[b], i * len, len);
            out.add(Tensor.of(device, batch[b], shape));
        }
        return out;
    }
}
