package dev.blocknas.layers.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Images in a folder with one sub-folder per class, the sub-folders' sorted names giving the class
 * indices (as in torchvision's {@code ImageFolder}). PNG and JPEG files (also BMP and GIF) are
 * decoded with {@code javax.imageio}, resized so that the shorter side is {@code resize}
 * (bilinear) and centre-cropped to {@code crop x crop}; grey images become three equal channels.
 * Decoded images are kept as bytes.
 */
public final class ImageFolder implements Dataset {

    /** When images are decoded. */
    public enum Mode {
        /** All at construction, in parallel; fastest epochs, memory for every image. */
        EAGER,
        /** On first read, then kept; memory grows to that of {@link #EAGER}. */
        CACHED,
        /** On every read, nothing kept; for data sets larger than memory. */
        STREAMING
    }

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private final Path root;
    private final int resize;
    private final int crop;
    private final Mode mode;
    private final List<String> classes;
    private final Path[] files;
    private final int[] labels;
    private final AtomicReferenceArray<byte[]> decoded;

    private ImageFolder(Path root, int resize, int crop, Mode mode) {
        if (crop < 1 || resize < crop) {
            throw new IllegalArgumentException("need 1 <= crop <= resize, got resize " + resize + ", crop " + crop);
        }
        this.root = root;
        this.resize = resize;
        this.crop = crop;
        this.mode = Objects.requireNonNull(mode);
        this.classes = classFolders(root);
        List<Path> found = new ArrayList<>();
        List<Integer> foundLabels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Path> images = imagesIn(root.resolve(classes.get(c)));
            found.addAll(images);
            for (int k = 0; k < images.size(); k++) {
                foundLabels.add(c);
            }
        }
        this.files = found.toArray(Path[]::new);
        this.labels = foundLabels.stream().mapToInt(Integer::intValue).toArray();
        this.decoded = mode == Mode.STREAMING ? null : new AtomicReferenceArray<>(files.length);
        if (mode == Mode.EAGER) {
            decodeAll();
        }
    }

    /** Opens {@code root} with the shorter side resized to {@code size} and a {@code size x size} crop, {@link Mode#CACHED}. */
    public static ImageFolder open(Path root, int size) {
        return new ImageFolder(root, size, size, Mode.CACHED);
    }

    /** Opens {@code root}, resizing the shorter side to {@code resize} then centre-cropping to {@code crop x crop}. */
    public static ImageFolder open(Path root, int resize, int crop, Mode mode) {
        return new ImageFolder(root, resize, crop, mode);
    }

    /** Class names in index order. */
    public List<String> classes() {
        return classes;
    }

    /** The file that sample {@code i} is read from. */
    public Path file(int i) {
        return files[Objects.checkIndex(i, files.length)];
    }

    @Override
    public int size() { return files.length; }
    @Override
    public int channels() { return 3; }
    @Override
    public int height() { return crop; }
    @Override
    public int width() { return crop; }
    @Override
    public int numClasses() { return classes.size(); }
    @Override
    public List<String> classNames() { return classes; }
    @Override
    public String name() { return "imagefolder-" + root.getFileName(); }

    @Override
    public int label(int i) {
        return labels[Objects.checkIndex(i, labels.length)];
    }

    @Override
    public void image(int i, float[] dst, int offset) {
        Objects.checkIndex(i, files.length);
        byte[] bytes = decoded == null ? null : decoded.get(i);
        if (bytes == null) {
            bytes = decode(files[i]);
            if (decoded != null) {
                // Two threads may race to decode the same image; both results are identical.
                decoded.set(i, bytes);
            }
        }
        Pixels.toUnit(bytes, 0, dst, offset, bytes.length);
    }

    private void decodeAll() {
        forEachFile(i -> decoded.set(i, decode(files[i])));
    }

    /** Runs {@code work} on every file index in parallel and throws the first failure as it was thrown. */
    private void forEachFile(java.util.function.IntConsumer work) {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        // Errors are collected rather than thrown out of the parallel stream, which may wrap them.
        IntStream.range(0, files.length).parallel().forEach(i -> {
            if (failure.get() != null) {
                return;
            }
            try {
                work.accept(i);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Most pixels an image may have: the header is read first, so a decompression bomb is refused undecoded. */
    static final long MAX_PIXELS = 50_000_000L;

    /**
     * Reads every image's header (not its pixels), so that a file that is no image, or one too large to
     * decode, is reported before any training rather than when the epoch reaches it.
     *
     * @throws DataFormatException one sentence naming the first bad file
     */
    public void checkHeaders() {
        forEachFile(i -> {
            try {
                checkHeader(files[i]);
            } catch (IOException | RuntimeException e) {
                throw unreadable(files[i], e);
            }
        });
    }

    private static void checkHeader(Path file) throws IOException {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            var readers = in == null
                    ? java.util.Collections.<javax.imageio.ImageReader>emptyIterator()
                    : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw noReader(file);
            javax.imageio.ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                long pixels = (long) r.getWidth(0) * r.getHeight(0);
                if (pixels > MAX_PIXELS) {
                    throw new DataFormatException(
                            file + " is " + r.getWidth(0) + "x" + r.getHeight(0) + " pixels, more than the "
                                    + MAX_PIXELS / 1_000_000 + " million an image may have here.");
                }
            } finally {
                r.dispose();
            }
        }
    }

    private byte[] decode(Path file) {
        BufferedImage img;
        try {
            checkHeader(file);
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw unreadable(file, e);
        }
        if (img == null) {
            throw noReader(file);
        }
        int h = img.getHeight();
        int w = img.getWidth();
        boolean grey = ImagePixels.isGrey(img);
        byte[] planes = grey ? ImagePixels.greyPlane(img) : ImagePixels.rgbPlanes(img);
        byte[] out = Resampler.resizeAndCrop(planes, grey ? 1 : 3, h, w, resize, crop);
        if (grey) {
            // Resize once, then replicate: cheaper than resizing three equal planes.
            byte[] rgb = new byte[3 * out.length];
            for (int c = 0; c < 3; c++) {
                System.arraycopy(out, 0, rgb, c * out.length, out.length);
            }
            out = rgb;
        }
        return out;
    }

    private static DataFormatException unreadable(Path file, Exception e) {
        return e instanceof DataFormatException d
                ? d
                : new DataFormatException(file + " is not a readable image: " + DataFormatException.reason(e) + ".", e);
    }

    private static DataFormatException noReader(Path file) {
        return new DataFormatException(file + " is not a readable image: no image reader recognises its contents.");
    }

    private static List<String> classFolders(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(
                    "No such directory: " + root + " (expected one sub-folder of images per class).");
        }
        List<String> names;
        try (Stream<Path> s = Files.list(root)) {
            names = s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DataFormatException("Could not list " + root + ": " + DataFormatException.reason(e) + ".", e);
        }
        if (names.isEmpty()) {
            throw new DataFormatException(
                    root + " has no class sub-folders (expected one sub-folder of images per class).");
        }
        return names;
    }

    private static List<Path> imagesIn(Path classDir) {
        List<Path> images;
        try (Stream<Path> s = Files.walk(classDir)) {
            images = s.filter(Files::isRegularFile)
                    .filter(ImageFolder::hasImageExtension)
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DataFormatException("Could not list " + classDir + ": " + DataFormatException.reason(e) + ".", e);
        }
        if (images.isEmpty()) {
            throw new DataFormatException("Class folder " + classDir + " holds no PNG or JPEG images.");
        }
        return images;
    }

    private static boolean hasImageExtension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    @Override
    public String toString() {
        return name() + " (" + size() + " images, 3x" + crop + "x" + crop + ", " + numClasses() + " classes, " + mode
                + ")";
    }
}
