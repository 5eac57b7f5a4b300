package dev.blocknas.example;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's example compiles (it is {@link Classify}) and runs as printed, on a tiny space so that it takes seconds. */
class ClassifyTest {
    @Test
    void theReadmeExampleSearchesClassifiesADigitAndExports(@TempDir Path dir) throws Exception {
        MnistDigits digits = MnistDigits.test();
        float[][] seven = digits.images()[0][0];
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++)
            for (int x = 0; x < 28; x++) img.getRaster().setSample(x, y, 0, Math.round(seven[y][x] * 255));
        Path png = dir.resolve("digit.png");
        ImageIO.write(img, "png", png.toFile());
        Path run = dir.resolve("run");
        Path model = dir.resolve("model.onnx");

        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Classify.main(new String[] {SearchTest.tinySpace(dir).toString(), run.toString(), png.toString(),
                    model.toString()});
        } finally {
            System.setOut(old);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("blocknas search: method dna, space tiny"), printed);
        assertTrue(printed.contains("\nfound stem_c8_s2/"), printed);
        assertTrue(printed.contains("\n" + png + " looks like "), printed);
        assertTrue(Files.size(run.resolve("result.json")) > 0);
        assertTrue(Files.size(model) > 0);
    }
}
