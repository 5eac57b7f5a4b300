package dev.blocknas.nas.api;

import dev.blocknas.layers.arch.Network;
import dev.blocknas.layers.data.ImagePixels;
import dev.blocknas.layers.data.InputSpec;
import dev.blocknas.nas.onnx.OnnxExport;
import dev.blocknas.nas.run.Networks;
import dev.blocknas.nas.run.SavedNetwork;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A trained blocknas network, ready to classify images.
 *
 * <p>{@link #load} reads a {@code weights.safetensors} written by {@code blocknas train} or
 * {@code blocknas search}: the architecture, the input size, the normalisation and the class names come from
 * the file, so predictions see images exactly as training did. Images are given as pixels in [0, 1]
 * ({@code [channel][row][column]}) or as a {@link BufferedImage}, resized and converted as the training
 * pipeline does; results are class probabilities in label order ({@link #classNames()}).
 *
 * <p>A network holds native or GPU memory: close it (try-with-resources); using it afterwards throws. Its
 * methods are safe to call from several threads (they take turns). Failures are {@link BlocknasException}s.
 */
public final class BlocknasNetwork implements AutoCloseable {
    /** Images per forward pass: bounds the memory a large batch takes. */
    private static final int CHUNK = 256;

    private final SavedNetwork saved;
    private final Device device;
    private boolean closed;

    private BlocknasNetwork(SavedNetwork saved, Device device) {
        this.saved = saved;
        this.device = device;
        saved.network().eval();
    }

    /** Loads a network to run on the CPU. */
    public static BlocknasNetwork load(Path weights) {
        return load(weights, "cpu");
    }

    /**
     * Loads a network to run on {@code device}: {@code cpu}, {@code cuda}, {@code cuda:N} or {@code auto} (a
     * GPU when one is usable).
     */
    public static BlocknasNetwork load(Path weights, String device) {
        try {
            Device d = Device.parse(device);
            Backends.get(d);
            return new BlocknasNetwork(Networks.open(weights, d), d);
        } catch (RuntimeException e) {
            throw wrap(e);
        }
    }

    /** The architecture string ({@code stem_c16_s2/ir_k3_e6_c24_s2/...}). */
    public String architecture() {
        return live().network().architecture().toString();
    }

    /** Class names in label order: {@code predict(...)[i]} is the probability of {@code classNames().get(i)}. */
    public List<String> classNames() {
        return live().input().classNames();
    }

    /** Input channels (1 grey, 3 RGB). */
    public int channels() {
        return live().input().channels();
    }

    /** Input height in pixels. */
    public int height() {
        return live().input().height();
    }

    /** Input width in pixels. */
    public int width() {
        return live().input().width();
    }

    /** Trainable parameters. */
    public long parameterCount() {
        return live().network().parameterCount();
    }

    /** Class probabilities of one image given as pixels in [0, 1], {@code [channels][height][width]}. */
    public float[] predict(float[][][] image) {
        return predict(Collections.singletonList(image))[0];
    }

    /** Class probabilities of one image, resized (shorter side, then centre crop) and converted to the network's channels. */
    public float[] predict(BufferedImage image) {
        return predictImages(Collections.singletonList(image))[0];
    }

    /** Class probabilities of each image (pixels in [0, 1], {@code [channels][height][width]}), in order. */
    public float[][] predict(List<float[][][]> images) {
        InputSpec in = live().input();
        int per = in.channels() * in.height() * in.width();
        float[] flat = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) flatten(images.get(i), i, in, flat, i * per);
        return run(flat, images.size());
    }

    /** Class probabilities of each image ({@code images[i]} as in {@link #predict(float[][][])}), in order. */
    public float[][] predict(float[][][][] images) {
        return predict(java.util.Arrays.asList(images));
    }

    /** Class probabilities of each image, converted as {@link #predict(BufferedImage)} does, in order. */
    public float[][] predictImages(List<BufferedImage> images) {
        InputSpec in = live().input();
        if (in.height() != in.width() || (in.channels() != 1 && in.channels() != 3)) {
            throw new BlocknasException("This network takes " + in.channels() + "x" + in.height() + "x" + in.width()
                    + " inputs, which no picture converts to; pass pixels instead.");
        }
        int per = in.channels() * in.height() * in.width();
        float[] flat = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i) == null) throw new BlocknasException("Image " + i + " is missing (null).");
            System.arraycopy(ImagePixels.toChw(images.get(i), in.channels(), in.height()), 0, flat, i * per, per);
        }
        return run(flat, images.size());
    }

    /** The index of the most probable class (the first of equals). */
    public int top(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
        return best;
    }

    /** The name of the most probable class. */
    public String label(float[] probabilities) {
        return classNames().get(top(probabilities));
    }

    /**
     * Writes the network as an ONNX model (opset 17, any batch size, pixels in [0, 1] in, logits out, the
     * normalisation inside the graph; metadata: architecture, input size, mean, std, class names). The file
     * is replaced only once completely written.
     */
    public synchronized void exportOnnx(Path file) {
        SavedNetwork s = live();
        try {
            OnnxExport.write(s.network(), s.input(), file);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw wrap(e);
        }
    }

    /** Frees the network. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        saved.close();
    }

    @Override
    public String toString() {
        return closed ? "BlocknasNetwork(closed)" : "BlocknasNetwork(" + architecture() + ", " + saved.input() + ")";
    }

    private synchronized float[][] run(float[] pixels, int n) {
        SavedNetwork s = live();
        InputSpec in = s.input();
        int per = in.channels() * in.height() * in.width();
        float[][] out = new float[n][];
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            float[] x = new float[m * per];
            System.arraycopy(pixels, from * per, x, 0, m * per);
            for (int i = 0; i < m; i++) in.normalize(x, i * per);
            float[] logits;
            int classes;
            try (Autograd.Mode ng = Autograd.noGrad(); Scope scope = Scope.open()) {
                Tensor y = s.network().forward(Tensor.of(device, x, m, in.channels(), in.height(), in.width()));
                logits = y.toArray();
                classes = y.dim(1);
            } catch (RuntimeException e) {
                throw wrap(e);
            }
            for (int i = 0; i < m; i++) out[from + i] = softmax(logits, i * classes, classes);
        }
        return out;
    }

    private static float[] softmax(float[] logits, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) max = Math.max(max, logits[offset + k]);
        double[] e = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) sum += e[k] = Math.exp(logits[offset + k] - max);
        float[] p = new float[n];
        for (int k = 0; k < n; k++) p[k] = (float) (e[k] / sum);
        return p;
    }

    private static void flatten(float[][][] image, int index, InputSpec in, float[] dst, int offset) {
        if (image == null || image.length != in.channels() || image[0].length != in.height()
                || image[0][0].length != in.width()) {
            throw new BlocknasException(
                    "Image " + index + " is " + shape(image) + " but the network takes " + in.channels() + "x"
                            + in.height() + "x" + in.width() + " pixels ([channel][row][column]).");
        }
        int p = offset;
        for (float[][] plane : image) {
            for (float[] row : plane) {
                if (row.length != in.width())
                    throw new BlocknasException("Image " + index + " has rows of different lengths.");
                System.arraycopy(row, 0, dst, p, row.length);
                p += row.length;
            }
            if (plane.length != in.height())
                throw new BlocknasException("Image " + index + " has channels of different heights.");
        }
    }

    private static String shape(float[][][] image) {
        if (image == null) return "missing (null)";
        List<String> dims = new ArrayList<>();
        dims.add(Integer.toString(image.length));
        if (image.length > 0 && image[0] != null) {
            dims.add(Integer.toString(image[0].length));
            if (image[0].length > 0 && image[0][0] != null) dims.add(Integer.toString(image[0][0].length));
        }
        return String.join("x", dims);
    }

    private SavedNetwork live() {
        if (closed) throw new BlocknasException("This network is closed.");
        return saved;
    }

    private static BlocknasException wrap(RuntimeException e) {
        return Failures.wrap(e);
    }
}
