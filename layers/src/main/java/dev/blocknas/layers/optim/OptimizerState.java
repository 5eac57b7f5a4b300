package dev.blocknas.layers.optim;

import dev.blocknas.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state: tensors by name ({@code <parameter>.<slot>}) and scalars as exact decimal strings
 * ({@code type}, {@code lr}, {@code <parameter>.step}, hyper-parameters). It maps directly onto a safetensors
 * file (tensors plus metadata). Closing it frees the tensors.
 */
public record OptimizerState(Map<String, Tensor> tensors, Map<String, String> scalars) implements AutoCloseable {
    public OptimizerState {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    }

    @Override
    public void close() {
        for (Tensor t : tensors.values()) t.close();
    }
}
