package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Runs its children in order; children added without a name are named by position ("0", "1", ...). */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... layers) {
        for (Module m : layers) add(m);
    }

    /** Appends {@code m} under the name of its position; returns this. */
    public Sequential add(Module m) {
        return add(Integer.toString(layers.size()), m);
    }

    /** Appends {@code m} under {@code name}; returns this. */
    public Sequential add(String name, Module m) {
        registerModule(name, m);
        layers.add(m);
        return this;
    }

    public Module get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    public List<Module> layers() {
        return List.copyOf(layers);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = x;
        for (Module m : layers) y = m.forward(y);
        return y;
    }

    @Override
    protected String describe() {
        return "Sequential(" + layers.size() + ")";
    }
}
