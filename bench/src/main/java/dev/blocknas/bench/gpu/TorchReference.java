package dev.blocknas.bench.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fwd_ms / bwd_ms of each case of a torch_anchor.py JSON file (its flat layout only; no JSON library). */
final class TorchReference {
    private static final Pattern CASE = Pattern.compile(
            "\"(dwconv [^\"]+)\"\\s*:\\s*\\{[^}]*?\"fwd_ms\"\\s*:\\s*([0-9.eE+-]+)[^}]*?\"bwd_ms\"\\s*:\\s*([0-9.eE+-]+)");

    private TorchReference() {}

    /** Case name to {fwd_ms, bwd_ms}; empty when the file is absent. */
    static Map<String, double[]> read(Path file) throws IOException {
        Map<String, double[]> out = new HashMap<>();
        if (file == null || !Files.exists(file)) return out;
        Matcher m = CASE.matcher(Files.readString(file));
        while (m.find())
            out.put(m.group(1), new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
        return out;
    }
}
