package dev.blocknas.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode automatic differentiation over a tape of {@link Node}s.
 *
 * <p>Ops record a node on their output when gradients are enabled and an input requires one.
 * {@link #backward} walks the graph in reverse topological order with an explicit stack (deep networks
 * cannot overflow the Java stack), accumulates gradients with +=, and stores them on the leaves.
 */
public final class Autograd {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private Autograd() {}

    /** Restores the previous gradient mode when closed. */
    public interface Mode extends AutoCloseable {
        @Override
        void close();
    }

    /** True when ops on this thread record the tape. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Stops recording on this thread until the returned handle is closed: {@code try (var ng = Autograd.noGrad())}. */
    public static Mode noGrad() {
        return setEnabled(false);
    }

    /** Sets recording on or off on this thread until the returned handle is closed. */
    public static Mode setEnabled(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    /**
     * Records {@code out = op(inputs)} on the tape when gradients are enabled and any input requires one.
     *
     * @return {@code out}
     */
    public static Tensor record(String name, Tensor out, Node.BackwardFn backward, Tensor... inputs) {
        if (!isEnabled()) return out;
        for (Tensor in : inputs) {
            if (in != null && in.requiresGrad()) {
                out.setGradFn(new Node(name, inputs.clone(), backward));
                return out;
            }
        }
        return out;
    }

    /**
     * Back-propagates from {@code root}, seeded with {@code seed} (ones for a scalar root when null),
     * accumulating into the {@code grad} of every leaf that requires one.
     *
     * @param retainGraph keep the tape so backward can run again over it
     */
    public static void backward(Tensor root, Tensor seed, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward() on a tensor that does not require grad: nothing recorded it");
        }
        if (seed == null) {
            if (root.numel() != 1) {
                throw new ShapeException("backward() without a gradient needs a scalar, not shape " + root.shape());
            }
        } else if (!seed.shape().equals(root.shape())) {
            throw new ShapeException(
                    "backward() gradient of shape " + seed.shape() + " for a tensor of shape " + root.shape());
        }
        List<Tensor> order = topologicalOrder(root);
        try (Mode ignored = noGrad()) {
            Grads grads = new Grads();
            Tensor start = seed != null ? seed : Tensor.full(1f, root.device(), root.shape().toArray());
            grads.put(root, start, seed == null);
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.take(t);
                if (g == null) continue;
                Node node = t.gradFn();
                if (node == null || t.retainsGrad()) t.accumulateGrad(g);
                if (node != null) {
                    Tensor[] ins = node.inputs();
                    Tensor[] gs = node.backward().apply(g);
                    if (gs.length != ins.length) {
                        throw new IllegalStateException(
                                node.name() + " returned " + gs.length + " gradients for " + ins.length + " inputs");
                    }
                    for (int k = 0; k < ins.length; k++) {
                        if (gs[k] == null || ins[k] == null || !ins[k].requiresGrad()) continue;
                        if (!gs[k].shape().equals(ins[k].shape())) {
                            throw new IllegalStateException(node.name() + " gave a gradient of shape " + gs[k].shape()
                                    + " for an input of shape " + ins[k].shape());
                        }
                        grads.add(ins[k], gs[k], gs[k] != g || grads.owns(g));
                    }
                    if (!retainGraph) t.setGradFn(null);
                }
                grads.release(g);
            }
        }
    }

    /** Post-order of the tensors that need a gradient: every tensor after all of its inputs. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<int[]> next = new ArrayDeque<>();
        stack.push(root);
        next.push(new int[] {0});
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int[] cursor = next.peek();
            Node node = t.gradFn();
            Tensor[] ins = node == null ? new Tensor[0] : node.inputs();
            if (cursor[0] < ins.length) {
                Tensor in = ins[cursor[0]++];
                if (in != null && in.requiresGrad() && seen.put(in, Boolean.TRUE) == null) {
                    stack.push(in);
                    next.push(new int[] {0});
                }
            } else {
                stack.pop();
                next.pop();
                order.add(t);
            }
        }
        return order;
    }

    /**
     * Pending gradients, with counts of how many entries share one tensor (a rule may pass its incoming
     * gradient straight through to several inputs), so each is freed exactly when nothing uses it.
     */
    private static final class Grads {
        private final Map<Tensor, Tensor> pending = new IdentityHashMap<>();
        private final Map<Tensor, Integer> uses = new IdentityHashMap<>();

        void put(Tensor target, Tensor g, boolean owned) {
            pending.put(target, g);
            if (owned) uses.merge(g, 1, Integer::sum);
        }

        boolean owns(Tensor g) {
            return uses.containsKey(g);
        }

        /** Adds {@code g} to the pending gradient of {@code target}; {@code owned}: we may free g. */
        void add(Tensor target, Tensor g, boolean owned) {
            Tensor old = pending.get(target);
            if (old == null) {
                put(target, g, owned);
                return;
            }
            Tensor sum = old.add(g);
            release(old);
            if (owned) {
                uses.merge(g, 1, Integer::sum);
                release(g);
            }
            pending.put(target, sum);
            uses.merge(sum, 1, Integer::sum);
        }

        Tensor take(Tensor target) {
            return pending.remove(target);
        }

        void release(Tensor g) {
            Integer n = uses.get(g);
            if (n == null) return;
            if (n <= 1) {
                uses.remove(g);
                g.close();
            } else {
                uses.put(g, n - 1);
            }
        }
    }
}
