package dev.blocknas.layers.io;

import dev.blocknas.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of a safetensors file: persisted tensors by name, in file order, and the string metadata.
 * Closing it frees the tensors (copy what must outlive it).
 */
public record TensorFile(Map<String, Tensor> tensors, Map<String, String> metadata) implements AutoCloseable {
    public TensorFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The tensor named {@code name}, or null. */
    public Tensor get(String name) {
        return tensors.get(name);
    }

    @Override
    public void close() {
        for (Tensor t : tensors.values()) t.close();
    }
}
