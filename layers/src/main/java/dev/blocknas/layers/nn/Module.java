package dev.blocknas.layers.nn;

import dev.blocknas.layers.io.Safetensors;
import dev.blocknas.layers.io.TensorFile;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A layer or a network: named parameters, buffers and child modules in registration order.
 *
 * <p>Names are dotted paths through the tree ({@code blocks.3.0.conv_dw.weight}); the order of
 * {@link #namedParameters()} and {@link #stateDict()} is PyTorch's: a module's own parameters, then its own
 * buffers (state dict only), then each child's in registration order. A module owns its parameters and
 * buffers (persisted tensors) and frees them, and its children, on {@link #close()}. Modules start in
 * training mode.
 *
 * <p>Subclasses register everything in their constructor with {@link #registerParameter},
 * {@link #registerBuffer} and {@link #registerModule}, and implement {@link #forward}.
 */
public abstract class Module implements AutoCloseable {
    /** Name of PyTorch's batch-norm step counter, which has no counterpart here and is ignored on load. */
    private static final String NUM_BATCHES_TRACKED = "num_batches_tracked";

    private final LinkedHashMap<String, Parameter> params = new LinkedHashMap<>();
    private final LinkedHashMap<String, Buffer> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    private boolean closed;

    /** The module's function of one input. Intermediates belong to the caller's scope. */
    public abstract Tensor forward(Tensor x);

    // ---- registration ---------------------------------------------------------------------------

    private void checkName(String name, Tensor value) {
        try {
            checkName(name);
        } catch (RuntimeException e) {
            value.close();
            throw e;
        }
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(
                    "a module member needs a non-empty name without dots, got \"" + name + "\"");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " already has a member named \"" + name + "\"");
        }
    }

    /** Registers {@code value} (taking ownership) as a trainable parameter; {@code decay}: apply weight decay. */
    protected final Parameter registerParameter(String name, Tensor value, boolean decay) {
        checkName(name, value);
        Parameter p = new Parameter(value, decay);
        params.put(name, p);
        return p;
    }

    /** Registers {@code value} (taking ownership) as a buffer saved with the weights. */
    protected final Buffer registerBuffer(String name, Tensor value) {
        checkName(name, value);
        Buffer b = new Buffer(value);
        buffers.put(name, b);
        return b;
    }

    /** Registers a child module (taking ownership); returns it. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == this) throw new IllegalArgumentException("a module cannot be its own child");
        children.put(name, module);
        return module;
    }

    // ---- traversal ------------------------------------------------------------------------------

    /** The direct children, in registration order. */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** This module (name "") and every descendant, depth first in registration order, with dotted names. */
    public final Map<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        for (Map.Entry<String, Module> c : children.entrySet()) {
            c.getValue().collectModules(prefix.isEmpty() ? c.getKey() : prefix + "." + c.getKey(), out);
        }
    }

    /** This module and every descendant, depth first. */
    public final List<Module> modules() {
        return new ArrayList<>(namedModules().values());
    }

    /** This module and the descendants of type {@code type}, depth first. */
    public final <M extends Module> List<M> modules(Class<M> type) {
        List<M> out = new ArrayList<>();
        for (Module m : modules()) if (type.isInstance(m)) out.add(type.cast(m));
        return out;
    }

    /** Every parameter with its dotted name, in PyTorch's order; a parameter shared by two modules appears once. */
    public final Map<String, Parameter> namedParameters() {
        LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
        IdentityHashMap<Parameter, Boolean> seen = new IdentityHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Parameter> p : m.getValue().params.entrySet()) {
                if (seen.put(p.getValue(), Boolean.TRUE) == null) out.put(join(m.getKey(), p.getKey()), p.getValue());
            }
        }
        return out;
    }

    /** Every parameter, in the order of {@link #namedParameters()}. */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every buffer with its dotted name. */
    public final Map<String, Buffer> namedBuffers() {
        LinkedHashMap<String, Buffer> out = new LinkedHashMap<>();
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            for (Map.Entry<String, Buffer> b : m.getValue().buffers.entrySet())
                out.put(join(m.getKey(), b.getKey()), b.getValue());
        }
        return out;
    }

    /** Number of trainable values (parameters only, not buffers). */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.numel();
        return n;
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    // ---- state ----------------------------------------------------------------------------------

    /**
     * Parameters and buffers by dotted name, in PyTorch's state-dict order (per module: parameters, buffers,
     * then children). The tensors are the module's own, not copies: read them, do not close them.
     */
    public final LinkedHashMap<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        for (Map.Entry<String, Parameter> p : params.entrySet())
            out.putIfAbsent(join(prefix, p.getKey()), p.getValue().tensor());
        for (Map.Entry<String, Buffer> b : buffers.entrySet()) out.put(join(prefix, b.getKey()), b.getValue().tensor());
        for (Map.Entry<String, Module> c : children.entrySet())
            c.getValue().collectState(join(prefix, c.getKey()), out);
    }

    /** What {@link #loadStateDict} did not match: names the network has but the state lacks, and the reverse. */
    public record LoadResult(List<String> missing, List<String> unexpected) {
        public LoadResult {
            missing = List.copyOf(missing);
            unexpected = List.copyOf(unexpected);
        }
    }

    /**
     * Copies values (from any device) into this module's parameters and buffers, by name. Shapes must match
     * (even when not strict); with {@code strict}, every name must appear on both sides. Entries named
     * {@code *.num_batches_tracked} (PyTorch's batch-norm counter) are ignored. Nothing is copied unless every
     * check passes.
     *
     * @throws StateDictMismatchException with one sentence naming the first offending tensor
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        return loadStateDict(state, strict, "The state dict", "the state dict");
    }

    final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict, String source, String where) {
        LinkedHashMap<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor theirs = state.get(e.getKey());
            if (theirs == null) {
                missing.add(e.getKey());
            } else if (!theirs.shape().equals(e.getValue().shape())) {
                throw new StateDictMismatchException(source + " does not fit this network: " + e.getKey()
                        + " has shape "
                        + theirs.shape() + " in " + where + " but " + e.getValue().shape() + " in the network.");
            }
        }
        for (String k : state.keySet()) {
            if (!own.containsKey(k) && !k.equals(NUM_BATCHES_TRACKED) && !k.endsWith("." + NUM_BATCHES_TRACKED))
                unexpected.add(k);
        }
        if (strict && !missing.isEmpty()) {
            throw new StateDictMismatchException(source + " does not fit this network: it has no " + missing.get(0)
                    + more(missing.size(), "tensor the network needs", "tensors the network needs") + ".");
        }
        if (strict && !unexpected.isEmpty()) {
            throw new StateDictMismatchException(source + " does not fit this network: " + unexpected.get(0) + " in "
                    + where + " has no place in the network" + more(unexpected.size(), "such tensor", "such tensors")
                    + ".");
        }
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor theirs = state.get(e.getKey());
            if (theirs != null) e.getValue().copyFrom(theirs);
        }
        return new LoadResult(missing, unexpected);
    }

    private static String more(int n, String one, String many) {
        if (n <= 1) return "";
        return " (and " + (n - 1) + " more " + (n - 1 == 1 ? one : many) + ")";
    }

    /**
     * Writes the state dict to a safetensors file (atomically), with metadata {@code format: pt} plus
     * {@link #weightMetadata()}.
     */
    public final void save(Path path) throws IOException {
        save(path, Map.of());
    }

    /**
     * As {@link #save(Path)}, with {@code extra} metadata too (what the network was trained on, say); the
     * module's own entries win over extra ones of the same name.
     */
    public final void save(Path path, Map<String, String> extra) throws IOException {
        LinkedHashMap<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.putAll(extra);
        meta.putAll(weightMetadata());
        Safetensors.write(path, stateDict(), meta);
    }

    /**
     * Loads weights written by {@link #save} (or by Python's safetensors with matching names), strictly.
     *
     * @throws StateDictMismatchException when a name is missing or unexpected or a shape differs (one sentence
     *                                    naming the file and the tensor)
     * @throws dev.blocknas.layers.io.WeightsFormatException when the file is not valid safetensors
     */
    public final void load(Path path) throws IOException {
        try (TensorFile file = Safetensors.read(path)) {
            String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
            loadStateDict(file.tensors(), true, name, "the file");
        }
    }

    /** Extra string metadata written by {@link #save}; none by default. */
    protected Map<String, String> weightMetadata() {
        return Map.of();
    }

    // ---- modes and housekeeping -----------------------------------------------------------------

    /** Sets training (true) or evaluation (false) mode on this module and every descendant; returns this. */
    public final Module train(boolean on) {
        for (Module m : modules()) m.training = on;
        return this;
    }

    public final Module train() {
        return train(true);
    }

    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Frees every parameter's gradient. */
    public final void zeroGrad() {
        for (Parameter p : parameters()) p.zeroGrad();
    }

    /** Freezes (false) or unfreezes (true) every parameter; returns this. */
    public final Module requiresGrad(boolean value) {
        for (Parameter p : parameters()) p.requiresGrad(value);
        return this;
    }

    /**
     * Moves every parameter and buffer to {@code device} in place (the holders stay, the tensors are
     * replaced; gradients are dropped); returns this.
     */
    public final Module to(Device device) {
        for (Module m : modules()) {
            for (Parameter p : m.params.values()) p.moveTo(device);
            for (Buffer b : m.buffers.values()) b.moveTo(device);
        }
        return this;
    }

    /** The device of the first parameter or buffer, or the CPU for a module without any. */
    public final Device device() {
        for (Module m : modules()) {
            for (Parameter p : m.params.values()) return p.device();
            for (Buffer b : m.buffers.values()) return b.device();
        }
        return Device.CPU;
    }

    /**
     * Gives every {@link Stochastic} module in the tree, depth first, a generator split off {@code rng}, so a
     * trainer can make dropout masks a function of (seed, step) and resume exactly.
     */
    public final void reseed(Rng rng) {
        for (Module m : modules()) {
            if (m instanceof Stochastic s) s.setRng(rng.split());
        }
    }

    /** Runs {@code action} on this module and each descendant, depth first. */
    public final void apply(Consumer<Module> action) {
        for (Module m : modules()) action.accept(m);
    }

    public final boolean isClosed() {
        return closed;
    }

    /** Frees all parameters and buffers of this module and its descendants. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Parameter p : params.values()) p.close();
        for (Buffer b : buffers.values()) b.close();
        for (Module c : children.values()) c.close();
    }

    /** A short description: the class name and its own configuration. */
    protected String describe() {
        return getClass().getSimpleName();
    }

    /** An indented tree of the module, one line per module with its parameter count. */
    public final String summary() {
        StringBuilder sb = new StringBuilder();
        summary("", 0, sb);
        return sb.toString();
    }

    private void summary(String name, int depth, StringBuilder sb) {
        sb.append("  ".repeat(depth)).append(name.isEmpty() ? "" : name + ": ").append(describe())
                .append(" [").append(parameterCount()).append(" params]\n");
        for (Map.Entry<String, Module> c : children.entrySet()) c.getValue().summary(c.getKey(), depth + 1, sb);
    }

    @Override
    public String toString() {
        return describe();
    }
}
