package dev.blocknas.nas.cost;

import dev.blocknas.layers.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.nn.Head;
import dev.blocknas.layers.nn.MBConv;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.nn.Sequential;
import dev.blocknas.layers.nn.Stem;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.OpSpec;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measured inference latency of every candidate operation at every layer position of a space, on one
 * device at one batch size: a lookup table, so a candidate's latency is the sum of its layers'. Built by
 * timing each operation at its input shape (median of repeated runs after warm-up, synchronised), and
 * saved to a JSON file that later searches reuse.
 */
public final class LatencyTable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The file format. */
    public record Data(String space, String device, int batch, double baseMs, Map<String, Double> layersMs) {}

    private final Data data;

    private LatencyTable(Data data) {
        this.data = data;
    }

    private static String key(int block, int layer, int op) {
        return "b" + block + ".l" + layer + ".o" + op;
    }

    /** Milliseconds of operation {@code op} at layer {@code layer} of block {@code block} (0 for skip). */
    public double layer(int block, int layer, int op) {
        Double ms = data.layersMs().get(key(block, layer, op));
        if (ms == null) throw new IllegalStateException("the latency table has no entry " + key(block, layer, op));
        return ms;
    }

    /** Milliseconds of the stem, fixed cells and head. */
    public double base() {
        return data.baseMs();
    }

    public Data data() {
        return data;
    }

    /** Times every operation of {@code space} on {@code device} at batch size {@code batch}. */
    public static LatencyTable measure(SearchSpace space, Device device, int batch) {
        Map<String, Double> ms = new LinkedHashMap<>();
        Rng rng = new Rng(1);
        for (int b = 0; b < space.blockCount(); b++) {
            BlockSpec spec = space.block(b);
            int maxDepth = spec.depths().stream().mapToInt(Integer::intValue).max().orElseThrow();
            for (int l = 0; l < maxDepth; l++) {
                int in = l == 0 ? space.blockInChannels(b) : spec.outChannels();
                int res = l == 0 ? space.blockInResolution(b) : (space.blockInResolution(b) - 1) / spec.stride() + 1;
                int stride = l == 0 ? spec.stride() : 1;
                for (int o = 0; o < spec.choices(l).size(); o++) {
                    OpSpec op = spec.choices(l).get(o);
                    if (op.isSkip()) {
                        ms.put(key(b, l, o), 0.0);
                        continue;
                    }
                    try (Module m = new MBConv(in, spec.outChannels(), op.kernel(), op.expansion(), stride,
                            space.seRatio(),
                            space.activation(), rng, device)) {
                        ms.put(key(b, l, o), time(m, device, batch, in, res));
                    }
                }
            }
        }
        double base = 0;
        try (Module stem = stemAndFixed(space, rng, device)) {
            base += time(stem, device, batch, space.inChannels(), space.resolution());
        }
        int last = space.block(space.blockCount() - 1).outChannels();
        int res = (space.blockInResolution(space.blockCount() - 1) - 1) / space.block(space.blockCount() - 1).stride()
                + 1;
        try (Module head = new Head(last, space.head().outChannels(), space.numClasses(), space.head().activation(), 0f,
                rng, device)) {
            base += time(head, device, batch, last, res);
        }
        return new LatencyTable(new Data(space.name(), Backends.get(device).describe(), batch, base, ms));
    }

    private static Module stemAndFixed(SearchSpace space, Rng rng, Device device) {
        Sequential s = new Sequential();
        s.add(new Stem(space.inChannels(), space.stem().outChannels(), space.stem().stride(), space.stem().activation(),
                rng, device));
        int in = space.stem().outChannels();
        for (CellSpec c : space.fixedCells()) {
            if (c.isSkip()) continue;
            s.add(new MBConv(in, c.outChannels(), c.kernel(), c.expansion(), c.stride(), c.seRatio(), c.activation(),
                    rng, device));
            in = c.outChannels();
        }
        return s;
    }

    private static double time(Module m, Device device, int batch, int channels, int res) {
        m.eval();
        double[] runs = new double[15];
        try (Autograd.Mode ng = Autograd.noGrad(); Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new Rng(2), device, batch, channels, res, res);
            for (int i = 0; i < 5; i++) {
                try (Scope w = Scope.open()) {
                    m.forward(x);
                }
            }
            Backends.get(device).synchronize();
            for (int i = 0; i < runs.length; i++) {
                long t = System.nanoTime();
                try (Scope w = Scope.open()) {
                    m.forward(x);
                    Backends.get(device).synchronize();
                }
                runs[i] = (System.nanoTime() - t) / 1e6;
            }
        }
        Arrays.sort(runs);
        return runs[runs.length / 2];
    }

    /** Writes the table as JSON (atomically). */
    public void save(Path file) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(data));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a table written by {@link #save}; the message of a bad file is one sentence. */
    public static LatencyTable load(Path file, SearchSpace space) {
        try {
            Data d = JSON.readValue(file.toFile(), Data.class);
            if (!d.space().equals(space.name())) {
                throw new IllegalArgumentException(
                        file.getFileName() + " was measured for space " + d.space() + ", not " + space.name() + ".");
            }
            return new LatencyTable(d);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Could not read the latency table " + file + ": " + e.getMessage().split("\n")[0]);
        }
    }
}
