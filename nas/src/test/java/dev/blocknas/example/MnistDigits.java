package dev.blocknas.example;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The 1,996 embedded MNIST test digits read with the JDK alone, as an application without blocknas's
 * internals would: pixels in [0, 1] as {@code [1][28][28]} and the labels.
 */
record MnistDigits(float[][][][] images, int[] labels) {
    private static final String FOLDER = "/dev/blocknas/layers/data/mnist10k/";

    static MnistDigits test() throws IOException {
        try (DataInputStream img = open("t10k-images-idx3-ubyte.gz");
                DataInputStream lab = open("t10k-labels-idx1-ubyte.gz")) {
            if (img.readInt() != 2051 || lab.readInt() != 2049) throw new IOException("not IDX files");
            int n = img.readInt();
            int rows = img.readInt();
            int cols = img.readInt();
            if (lab.readInt() != n) throw new IOException("image and label counts differ");
            float[][][][] images = new float[n][1][rows][cols];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < rows; y++)
                    for (int x = 0; x < cols; x++) images[i][0][y][x] = img.readUnsignedByte() / 255f;
                labels[i] = lab.readUnsignedByte();
            }
            return new MnistDigits(images, labels);
        }
    }

    private static DataInputStream open(String file) throws IOException {
        InputStream in = MnistDigits.class.getResourceAsStream(FOLDER + file);
        if (in == null) throw new IOException("no resource " + FOLDER + file);
        return new DataInputStream(new GZIPInputStream(in));
    }
}
