package dev.blocknas.layers.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Decoded images as the planes of bytes and floats that networks read: the same conversion for images read
 * from an image folder and for one image classified later, so a network sees what it was trained on.
 */
public final class ImagePixels {
    private ImagePixels() {}

    /**
     * {@code img} as {@code channels * size * size} CHW floats in [0, 1]: the shorter side resized to
     * {@code size} (bilinear, antialiased when shrinking) and the centre cropped, as {@link ImageFolder} does;
     * a grey image is repeated over three channels, a colour one turned grey (ITU-R BT.601 luma) for one.
     *
     * @param channels 1 or 3
     */
    public static float[] toChw(BufferedImage img, int channels, int size) {
        if (channels != 1 && channels != 3)
            throw new IllegalArgumentException("images have 1 or 3 channels, not " + channels);
        if (size < 1) throw new IllegalArgumentException("an image size must be positive, got " + size);
        boolean grey = isGrey(img);
        byte[] planes = grey ? greyPlane(img) : rgbPlanes(img);
        byte[] sized = Resampler.resizeAndCrop(planes, grey ? 1 : 3, img.getHeight(), img.getWidth(), size, size);
        int n = size * size;
        float[] out = new float[channels * n];
        if (channels == 1 && !grey) {
            for (int k = 0; k < n; k++) {
                int luma = (299 * (sized[k] & 0xFF) + 587 * (sized[n + k] & 0xFF) + 114 * (sized[2 * n + k] & 0xFF)
                        + 500) / 1000;
                out[k] = luma / 255f;
            }
        } else {
            for (int c = 0; c < channels; c++) Pixels.toUnit(sized, grey ? 0 : c * n, out, c * n, n);
        }
        return out;
    }

    static boolean isGrey(BufferedImage img) {
        return img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(img.getColorModel() instanceof IndexColorModel)
                && img.getRaster().getNumBands() <= 2;
    }

    /**
     * Reads grey samples straight from the raster: {@code getRGB} would treat Java's linear grey
     * colour space as needing gamma correction and brighten mid-tones.
     */
    static byte[] greyPlane(BufferedImage img) {
        Raster r = img.getRaster();
        int h = img.getHeight();
        int w = img.getWidth();
        int bits = r.getSampleModel().getSampleSize(0);
        int max = (1 << bits) - 1;
        int[] samples = r.getSamples(0, 0, w, h, 0, new int[w * h]);
        byte[] plane = new byte[w * h];
        for (int k = 0; k < plane.length; k++) {
            plane[k] = (byte) (bits == 8 ? samples[k] : (samples[k] * 255 + max / 2) / max);
        }
        return plane;
    }

    static byte[] rgbPlanes(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        int n = w * h;
        byte[] planes = new byte[3 * n];
        for (int k = 0; k < n; k++) {
            int p = argb[k];
            planes[k] = (byte) (p >> 16);
            planes[n + k] = (byte) (p >> 8);
            planes[2 * n + k] = (byte) p;
        }
        return planes;
    }
}
