package dev.blocknas.layers.optim;

import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping shared by the optimizers: named parameters, a learning rate, per-parameter state tensors
 * ("slots", created at a parameter's first update) and per-parameter step counts, and their save/restore.
 */
abstract class BaseOptimizer implements Optimizer {
    private final LinkedHashMap<String, Parameter> params;
    private final LinkedHashMap<String, Tensor[]> slots = new LinkedHashMap<>();
    private final LinkedHashMap<String, Long> steps = new LinkedHashMap<>();
    private double lr;
    private boolean closed;

    BaseOptimizer(Map<String, Parameter> params, double lr) {
        if (params.isEmpty()) throw new IllegalArgumentException("an optimizer needs at least one parameter");
        this.params = new LinkedHashMap<>(params);
        setLr(lr);
    }

    /** The name stored as the state's {@code type}. */
    abstract String type();

    /** Names of the state tensors per parameter (a slot may stay null when the configuration needs none). */
    abstract List<String> slotNames();

    /** The initial value of slot {@code i}, or NaN for a slot this configuration does not use. */
    abstract float slotInit(int i);

    /** Hyper-parameters, saved for information. */
    abstract Map<String, String> hyperParameters();

    /** Updates one parameter in place; {@code step} counts this parameter's updates from 1. */
    abstract void update(Parameter p, Tensor grad, Tensor[] state, float lr, long step);

    /** Names a list of parameters by position ("0", "1", ...). */
    static Map<String, Parameter> indexed(List<Parameter> params) {
        LinkedHashMap<String, Parameter> m = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) m.put(Integer.toString(i), params.get(i));
        return m;
    }

    @Override
    public final double lr() {
        return lr;
    }

    @Override
    public final void setLr(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr))
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        this.lr = lr;
    }

    /** The parameters optimised, by name. */
    public final Map<String, Parameter> parameters() {
        return java.util.Collections.unmodifiableMap(params);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException(type() + " optimizer was used after it was closed");
    }

    @Override
    public final void step() {
        checkOpen();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Parameter p = e.getValue();
            if (p.isClosed() || !p.requiresGrad()) continue;
            Tensor g = p.grad();
            if (g == null) continue;
            Tensor[] st = slots.computeIfAbsent(e.getKey(), k -> newSlots(p));
            moveSlots(st, p.device());
            long n = steps.merge(e.getKey(), 1L, Long::sum);
            update(p, g, st, (float) lr, n);
        }
    }

    private Tensor[] newSlots(Parameter p) {
        List<String> names = slotNames();
        Tensor[] st = new Tensor[names.size()];
        for (int i = 0; i < st.length; i++) {
            float init = slotInit(i);
            if (!Float.isNaN(init)) st[i] = Tensor.full(init, p.device(), p.shape().toArray()).persist();
        }
        return st;
    }

    private static void moveSlots(Tensor[] st, Device device) {
        for (int i = 0; i < st.length; i++) {
            if (st[i] != null && !st[i].device().equals(device)) {
                Tensor moved = Tensor.of(device, st[i].toArray(), st[i].shape().toArray()).persist();
                st[i].close();
                st[i] = moved;
            }
        }
    }

    @Override
    public final void zeroGrad() {
        for (Parameter p : params.values()) if (!p.isClosed()) p.zeroGrad();
    }

    @Override
    public final OptimizerState stateDict() {
        checkOpen();
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        LinkedHashMap<String, String> scalars = new LinkedHashMap<>();
        scalars.put("type", type());
        scalars.put("lr", Double.toString(lr));
        scalars.putAll(hyperParameters());
        List<String> names = slotNames();
        for (Map.Entry<String, Tensor[]> e : slots.entrySet()) {
            Tensor[] st = e.getValue();
            for (int i = 0; i < st.length; i++) {
                if (st[i] == null) continue;
                Tensor copy = Tensor.empty(st[i].shape(), st[i].device()).persist();
                copy.copyFrom(st[i]);
                tensors.put(e.getKey() + "." + names.get(i), copy);
            }
        }
        for (Map.Entry<String, Long> e : steps.entrySet())
            scalars.put(e.getKey() + ".step", Long.toString(e.getValue()));
        return new OptimizerState(tensors, scalars);
    }

    @Override
    public final void loadStateDict(OptimizerState state) {
        checkOpen();
        String t = state.scalars().get("type");
        if (!type().equals(t)) {
            throw new IllegalArgumentException("The optimizer state is for " + (t == null ? "an unknown optimizer" : t)
                    + ", not " + type() + ".");
        }
        String lrText = state.scalars().get("lr");
        double newLr;
        try {
            newLr = Double.parseDouble(lrText);
        } catch (NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("The optimizer state has no valid learning rate (lr = " + lrText + ").");
        }
        List<String> names = slotNames();
        LinkedHashMap<String, Tensor[]> newSlots = new LinkedHashMap<>();
        LinkedHashMap<String, Long> newSteps = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.tensors().entrySet()) {
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            String param = dot < 0 ? "" : key.substring(0, dot);
            int slot = dot < 0 ? -1 : names.indexOf(key.substring(dot + 1));
            Parameter p = params.get(param);
            if (slot < 0 || p == null) {
                throw new IllegalArgumentException(
                        "The optimizer state has " + key + ", which matches no parameter slot of this "
                                + type() + " optimizer.");
            }
            if (!e.getValue().shape().equals(p.shape())) {
                throw new IllegalArgumentException(
                        "The optimizer state does not fit: " + key + " has shape " + e.getValue().shape()
                                + " but parameter " + param + " has shape " + p.shape() + ".");
            }
            newSlots.computeIfAbsent(param, k -> new Tensor[names.size()]);
        }
        for (Map.Entry<String, String> e : state.scalars().entrySet()) {
            if (!e.getKey().endsWith(".step")) continue;
            String param = e.getKey().substring(0, e.getKey().length() - ".step".length());
            if (!params.containsKey(param)) {
                throw new IllegalArgumentException(
                        "The optimizer state has a step count for " + param + ", which this optimizer does not hold.");
            }
            try {
                newSteps.put(param, Long.parseLong(e.getValue()));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(
                        "The optimizer state has a bad step count \"" + e.getValue() + "\" for " + param + ".");
            }
        }
        // every check passed: replace the state
        for (Map.Entry<String, Tensor> e : state.tensors().entrySet()) {
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            String param = key.substring(0, dot);
            int slot = names.indexOf(key.substring(dot + 1));
            Parameter p = params.get(param);
            Tensor copy = Tensor.empty(p.shape(), p.device()).persist();
            copy.copyFrom(e.getValue());
            newSlots.get(param)[slot] = copy;
        }
        freeSlots();
        slots.putAll(newSlots);
        steps.clear();
        steps.putAll(newSteps);
        setLr(newLr);
    }

    private void freeSlots() {
        for (Tensor[] st : slots.values()) for (Tensor t : st) if (t != null) t.close();
        slots.clear();
    }

    @Override
    public final void close() {
        if (closed) return;
        closed = true;
        freeSlots();
    }
}
