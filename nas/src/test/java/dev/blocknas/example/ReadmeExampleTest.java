package dev.blocknas.example;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Java example is Classify.java, which ClassifyTest compiles and runs: the two cannot drift apart. */
class ReadmeExampleTest {
    @Test
    void theReadmeShowsClassifyAsItIs() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```java\n");
        assertTrue(start >= 0, "the README has a Java example");
        String shown = readme.substring(start + 8, readme.indexOf("```", start + 8)).strip();
        String source = Files.readString(Path.of("src/test/java/dev/blocknas/example/Classify.java")).lines()
                .filter(l -> !l.startsWith("package ") && !l.startsWith("/**"))
                .collect(Collectors.joining("\n")).strip();
        assertEquals(source, shown);
        String export = "./blocknas export --weights runs/first/weights.safetensors --format onnx --out model.onnx";
        assertTrue(readme.contains(export), "the export command as ExportCliTest runs it");
    }
}
