package dev.blocknas.layers.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a trained network expects of an image and what its outputs mean: channels, height and width,
 * the per-channel normalisation applied to pixels in [0, 1], and the class names. Saved as string metadata
 * beside the weights, so that whoever loads them later classifies images the way the network was trained.
 *
 * @param dataset    the name of the training data, for people (may be empty)
 * @param channels   input channels (1 grey, 3 RGB)
 * @param height     image height in pixels
 * @param width      image width in pixels
 * @param stats      normalisation: (pixel - mean) / std per channel
 * @param classNames one name per output, in label order
 */
public record InputSpec(String dataset, int channels, int height, int width, ChannelStats stats,
                        List<String> classNames) {
    /** Metadata keys in weight files. */
    public static final String DATASET = "dataset";
    public static final String CHANNELS = "input_channels";
    public static final String HEIGHT = "input_height";
    public static final String WIDTH = "input_width";
    public static final String MEAN = "input_mean";
    public static final String STD = "input_std";
    public static final String CLASS_NAMES = "class_names";

    private static final ObjectMapper JSON = new ObjectMapper();

    public InputSpec {
        if (dataset == null) dataset = "";
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "an input needs positive channels and size, got " + channels + "x" + height + "x" + width);
        }
        if (stats.mean().length != channels) {
            throw new IllegalArgumentException(
                    "the normalisation has " + stats.mean().length + " channels but the input has " + channels);
        }
        for (float s : stats.std()) {
            if (!(s > 0)) throw new IllegalArgumentException("a normalisation std must be positive, got " + s);
        }
        if (classNames.isEmpty()) throw new IllegalArgumentException("an input spec needs at least one class name");
        classNames = List.copyOf(classNames);
    }

    /**
     * The spec of a data set's images for a network with {@code numClasses} outputs; outputs the data set has
     * no name for (a space with more classes than the data) are named by number.
     */
    public static InputSpec of(Dataset data, ChannelStats stats, int numClasses, String name) {
        List<String> names = new ArrayList<>(data.classNames());
        while (names.size() < numClasses) names.add(Integer.toString(names.size()));
        return new InputSpec(name, data.channels(), data.height(), data.width(), stats, names.subList(0, numClasses));
    }

    /**
     * What a network of {@code channels} inputs and {@code numClasses} outputs was trained on, for weights saved
     * before this metadata existed: one channel is taken as MNIST (28x28, its customary statistics), three as
     * CIFAR-10 (32x32), anything else as 32x32 without normalisation; classes are named by number.
     */
    public static InputSpec defaults(int channels, int numClasses) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) names.add(Integer.toString(c));
        if (channels == 1) return new InputSpec("mnist", 1, 28, 28, ChannelStats.MNIST, names);
        if (channels == 3) return new InputSpec("cifar10", 3, 32, 32, ChannelStats.CIFAR10, names);
        float[] zero = new float[channels];
        float[] one = new float[channels];
        java.util.Arrays.fill(one, 1f);
        return new InputSpec("", channels, 32, 32, new ChannelStats(zero, one), names);
    }

    /**
     * The spec recorded in weight-file metadata; each missing entry takes its value from
     * {@link #defaults(int, int)}.
     *
     * @throws IllegalArgumentException one sentence naming the malformed entry
     */
    public static InputSpec fromMetadata(Map<String, String> meta, int channels, int numClasses) {
        InputSpec d = defaults(channels, numClasses);
        int c = intValue(meta, CHANNELS, d.channels);
        if (c != channels) {
            throw new IllegalArgumentException("The weights say \"" + CHANNELS + "\" is " + c
                    + " but the network takes " + channels + " channels.");
        }
        int h = intValue(meta, HEIGHT, d.height);
        int w = intValue(meta, WIDTH, d.width);
        float[] mean = floats(meta, MEAN, d.stats.mean(), channels);
        float[] std = floats(meta, STD, d.stats.std(), channels);
        List<String> names = d.classNames;
        String text = meta.get(CLASS_NAMES);
        if (text != null) {
            try {
                names = JSON.readValue(text, new TypeReference<List<String>>() {});
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "The weights' \"" + CLASS_NAMES + "\" is not a JSON list of strings.");
            }
            if (names == null || names.size() != numClasses || names.contains(null)) {
                throw new IllegalArgumentException(
                        "The weights' \"" + CLASS_NAMES + "\" should name " + numClasses + " classes.");
            }
        }
        try {
            return new InputSpec(meta.getOrDefault(DATASET, d.dataset), c, h, w, new ChannelStats(mean, std), names);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The weights' input metadata is invalid: " + e.getMessage() + ".");
        }
    }

    /** The metadata entries that {@link #fromMetadata} reads back exactly. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        if (!dataset.isEmpty()) m.put(DATASET, dataset);
        m.put(CHANNELS, Integer.toString(channels));
        m.put(HEIGHT, Integer.toString(height));
        m.put(WIDTH, Integer.toString(width));
        m.put(MEAN, join(stats.mean()));
        m.put(STD, join(stats.std()));
        try {
            m.put(CLASS_NAMES, JSON.writeValueAsString(classNames));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write class names as JSON", e);
        }
        return m;
    }

    /** Normalises one image of {@code channels * height * width} CHW pixels in [0, 1], in place, as training did. */
    public void normalize(float[] chw, int offset) {
        float[] mean = stats.mean();
        float[] std = stats.std();
        int plane = height * width;
        for (int k = 0; k < channels; k++) {
            for (int p = offset + k * plane; p < offset + (k + 1) * plane; p++) chw[p] = (chw[p] - mean[k]) / std[k];
        }
    }

    // Float.toString round-trips exactly, so the normalisation read back is the one trained with.
    private static String join(float[] values) {
        StringBuilder sb = new StringBuilder();
        for (float v : values) sb.append(sb.isEmpty() ? "" : ",").append(v);
        return sb.toString();
    }

    private static int intValue(Map<String, String> meta, String key, int fallback) {
        String v = meta.get(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The weights' \"" + key + "\" is not a whole number: \"" + v + "\".");
        }
    }

    private static float[] floats(Map<String, String> meta, String key, float[] fallback, int channels) {
        String v = meta.get(key);
        if (v == null) return fallback;
        String[] parts = v.split(",");
        if (parts.length != channels) {
            throw new IllegalArgumentException(
                    "The weights' \"" + key + "\" has " + parts.length + " values for " + channels + " channels.");
        }
        float[] out = new float[channels];
        for (int i = 0; i < channels; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "The weights' \"" + key + "\" is not a list of numbers: \"" + v + "\".");
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %dx%dx%d, %d classes, %s", dataset, channels, height, width,
                classNames.size(), stats);
    }
}
