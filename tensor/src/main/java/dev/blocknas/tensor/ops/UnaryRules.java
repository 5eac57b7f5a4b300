package dev.blocknas.tensor.ops;

import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.Tensor;
import dev.blocknas.tensor.UnaryOp;

import java.util.function.UnaryOperator;

/**
 * The one definition of every backend unary op's derivative, written with forward ops only.
 *
 * <p>The ops split in two. The activations ({@link #composition}) are compositions of other ops, and their
 * derivative is whatever autograd derives from that composition. The rest are the primitives the
 * compositions are made of, and each has its derivative written here once, again from forward ops. A
 * backend's fused {@code unaryBackward} kernel is only a fast path for these rules (the default one where
 * the backend has it, so results stay what the fused kernels give); {@code UnaryRulesTest} compares the
 * two on every backend, and the compiler's exhaustive switches make a new {@link UnaryOp} come here.
 */
public final class UnaryRules {
    private UnaryRules() {}

    /**
     * The op as a composition of other ops, for the ops that are one, else null. Their fused forward
     * kernels must agree with these (UnaryRulesTest).
     */
    public static UnaryOperator<Tensor> composition(UnaryOp op) {
        return switch (op) {
            // 6 - relu(6 - relu(x)) = min(max(x, 0), 6); its derivative is 1 exactly on (0, 6)
            case RELU6 -> x -> x.relu().neg().add(6f).relu().neg().add(6f);
            // tanh's derivative 1 - t^2 stays finite where exp(-x) would overflow
            case SIGMOID -> x -> x.mul(0.5f).tanh().mul(0.5f).add(0.5f);
            case SILU -> x -> x.mul(x.sigmoid());
            case HARD_SWISH -> x -> x.mul(x.add(3f).relu6()).div(6f);
            case HARD_SIGMOID -> x -> x.add(3f).relu6().div(6f);
            case NEG, EXP, LOG, SQRT, ABS, SQUARE, TANH, POW, ADD_SCALAR, MUL_SCALAR, RELU -> null;
        };
    }

    /**
     * gx = g * op'(x), given x and y = op(x; alpha), from forward ops only (never the backend's fused
     * kernel). Runs like any gradient rule, with recording off; the result may be {@code g} itself.
     */
    public static Tensor gradient(UnaryOp op, float alpha, Tensor x, Tensor y, Tensor g) {
        return switch (op) {
            case NEG -> g.neg();
            case EXP -> g.mul(y);
            case LOG -> g.div(x);
            case SQRT -> g.mul(0.5f).div(y);
            case ABS -> g.mul(positive(x).sub(positive(x.neg())));
            case SQUARE -> g.mul(2f).mul(x);
            case TANH -> g.mul(y.square().neg().add(1f));
            case POW -> g.mul(x.pow(alpha - 1f)).mul(alpha);
            case ADD_SCALAR -> g;
            case MUL_SCALAR -> g.mul(alpha);
            case RELU -> g.mul(positive(x));
            case RELU6, SIGMOID, SILU, HARD_SWISH, HARD_SIGMOID -> derived(composition(op), x, g);
        };
    }

    /**
     * y = op(x; alpha) by the backend's forward kernel, its derivative always composed by {@link #gradient}:
     * the path a backend without a fused {@code unaryBackward} takes, open to tests on every backend.
     */
    public static Tensor applyComposed(UnaryOp op, float alpha, Tensor x) {
        Tensor xc = Views.contiguous(x);
        Tensor y = Tensor.empty(x.shape(), x.device());
        x.backend().unary(op, alpha, xc, y);
        return Autograd.record(op.name().toLowerCase() + " (composed)", y,
                g -> new Tensor[] {gradient(op, alpha, xc, y, g)}, xc);
    }

    /** 1 where v &gt; 0, else 0: relu(v) is 0 exactly where v &lt;= 0. */
    private static Tensor positive(Tensor v) {
        Tensor zero = Tensor.zeros(v.device());
        return Elementwise.binary(BinaryOp.EQ, v.relu(), zero).neg().add(1f);
    }

    /**
     * g times the derivative of {@code f} at x, by running f on a fresh leaf with recording on and
     * back-propagating g through it: the forward is recomputed, which only the path without a fused kernel
     * pays.
     */
    static Tensor derived(UnaryOperator<Tensor> f, Tensor x, Tensor g) {
        try (Autograd.Mode on = Autograd.setEnabled(true)) {
            Tensor leaf = x.detach().requiresGrad(true);
            f.apply(leaf).backward(g);
            // the leaf's gradient is its own (unscoped) storage: the caller frees it like any gradient
            return leaf.grad();
        }
    }
}
