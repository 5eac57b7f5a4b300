package dev.blocknas.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic lifetime for tensors: every tensor created while a scope is open on this thread belongs to
 * it, and {@link #close()} frees all of them except those taken out with {@link Tensor#keep()} (moved to
 * the enclosing scope) or {@link Tensor#persist()} (owned by the caller).
 *
 * <pre>{@code
 * try (var s = Scope.open()) {
 *     Tensor loss = model.forward(x).square().mean();
 *     loss.backward();
 *     optimizer.step();
 * } // every intermediate of the step is freed here
 * }</pre>
 *
 * Scopes nest per thread and must close in reverse order of opening.
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private final Scope parent;
    private final List<Tensor> owned = new ArrayList<>();
    private boolean closed;

    private Scope(Scope parent) {
        this.parent = parent;
    }

    /** Opens a scope nested in the current one of this thread. */
    public static Scope open() {
        Scope s = new Scope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** The innermost open scope of this thread, or null. */
    public static Scope current() {
        return CURRENT.get();
    }

    /** The scope this one is nested in, or null. */
    public Scope parent() {
        return parent;
    }

    void adopt(Tensor t) {
        if (closed) throw new IllegalStateException("scope is closed");
        owned.add(t);
    }

    /** Number of tensors this scope still owns and has not seen closed. */
    public int liveTensors() {
        int n = 0;
        for (Tensor t : owned) if (t.owner() == this && !t.isClosed()) n++;
        return n;
    }

    /** Frees every tensor still owned by this scope, newest first, and makes the parent current again. */
    @Override
    public void close() {
        if (closed) return;
        if (CURRENT.get() != this) {
            throw new IllegalStateException("scopes must be closed in reverse order of opening, on their own thread");
        }
        closed = true;
        try {
            for (int i = owned.size() - 1; i >= 0; i--) {
                Tensor t = owned.get(i);
                if (t.owner() == this) t.close();
            }
        } finally {
            owned.clear();
            CURRENT.set(parent);
        }
    }
}
