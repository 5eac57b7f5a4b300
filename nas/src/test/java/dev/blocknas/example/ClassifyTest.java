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

/** The README's example compiles (it is {@link Classify}) and runs as printed. */
class ClassifyTest {
    @Test
    void theReadmeExampleClassifiesADigitAndExports(@TempDir Path dir) throws Exception {
        MnistDigits digits = MnistDigits.test();
        float[][] seven = digits.images()[0][0];
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) img.getRaster().setSample(x, y, 0, Math.round(seven[y][x] * 255));
        Path png = dir.resolve("digit.png");
        ImageIO.write(img, "png", png.toFile());
        Path model = dir.resolve("model.onnx");

        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Classify.main(new String[] {PublicApiTest.weights(dir).toString(), png.toString(), model.toString()});
        } finally {
            System.setOut(old);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("stem_c8_s2/ir_k3_e3_c16_s2_se0.25-skip/ir_k5_e3_c24_s2/head_c64: " + digits.labels()[0] + " ("), printed);
        assertTrue(printed.contains("a black image looks like "), printed);
        assertTrue(Files.size(model) > 0);
    }
}
