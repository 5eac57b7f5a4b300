package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API activations and their gradients, one loop per op over whole vectors, unmasked: a mask on every vector
 * took a fifth of the SiLU gradient's time on 5,292 floats, and a masked tail after the loop, a branch C2 sees
 * rarely taken, was compiled without the Vector API intrinsics (boxed vectors, 4 MB a teacher step). The last
 * n mod L elements go through the same loop as one vector copied into scratch. The op is chosen
 * outside the loop: a switch inside it, shared by every op, degrades once C2 has seen several ops. POW and
 * the ABS gradient, where vectors do not pay, are left to the plain loops (returns false).
 */
final class VectorUnary {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final FloatVector ZERO = FloatVector.zero(S);
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    /** Per-thread vectors of the operands' last elements. */
    private static final ThreadScratch SCRATCH = new ThreadScratch(4, 0);

    private VectorUnary() {}

    /** y = op(x); false when the op has no vector loop. */
    static boolean forward(UnaryOp op, float a, float[] x, int xo, float[] y, int yo, int n) {
        int whole = n - n % L;
        if (!forwardWhole(op, a, x, xo, y, yo, whole)) return false;
        if (whole < n) {
            int r = n - whole;
            float[] tx = tail(0, x, xo + whole, r);
            float[] ty = SCRATCH.floats(3, L);
            forwardWhole(op, a, tx, 0, ty, 0, L);
            System.arraycopy(ty, 0, y, yo + whole, r);
        }
        return true;
    }

    /** {@link #forward} over n a multiple of L. */
    private static boolean forwardWhole(UnaryOp op, float a, float[] x, int xo, float[] y, int yo, int n) {
        switch (op) {
            case NEG -> neg(x, xo, y, yo, n);
            case EXP -> exp(x, xo, y, yo, n);
            case LOG -> log(x, xo, y, yo, n);
            case SQRT -> sqrt(x, xo, y, yo, n);
            case ABS -> abs(x, xo, y, yo, n);
            case SQUARE -> square(x, xo, y, yo, n);
            case TANH -> tanh(x, xo, y, yo, n);
            case ADD_SCALAR -> addScalar(a, x, xo, y, yo, n);
            case MUL_SCALAR -> mulScalar(a, x, xo, y, yo, n);
            case RELU -> relu(x, xo, y, yo, n);
            case RELU6 -> relu6(x, xo, y, yo, n);
            case SIGMOID -> sigmoid(x, xo, y, yo, n);
            case SILU -> silu(x, xo, y, yo, n);
            case HARD_SWISH -> hardSwish(x, xo, y, yo, n);
            case HARD_SIGMOID -> hardSigmoid(x, xo, y, yo, n);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** gx = g * op'(x); false when the op has no vector loop. */
    static boolean backward(UnaryOp op, float a, float[] x, int xo, float[] y, int yo, float[] g, int go,
                            float[] gx, int gxo, int n) {
        int whole = n - n % L;
        if (!backwardWhole(op, a, x, xo, y, yo, g, go, gx, gxo, whole)) return false;
        if (whole < n) {
            int r = n - whole;
            float[] tx = tail(0, x, xo + whole, r);
            float[] ty = tail(1, y, yo + whole, r);
            float[] tg = tail(2, g, go + whole, r);
            float[] tgx = SCRATCH.floats(3, L);
            backwardWhole(op, a, tx, 0, ty, 0, tg, 0, tgx, 0, L);
            System.arraycopy(tgx, 0, gx, gxo + whole, r);
        }
        return true;
    }

    /**
     * The last r < L elements of an operand, at {@code src[s]}, copied into a whole vector of this thread's
     * scratch slot {@code which}, zeros after them; a null operand (not read by the op) stays null.
     */
    private static float[] tail(int which, float[] src, int s, int r) {
        if (src == null) return null;
        float[] t = SCRATCH.floats(which, L);
        System.arraycopy(src, s, t, 0, r);
        java.util.Arrays.fill(t, r, L, 0f);
        return t;
    }

    /** {@link #backward} over n a multiple of L. */
    private static boolean backwardWhole(UnaryOp op, float a, float[] x, int xo, float[] y, int yo, float[] g,
                                         int go, float[] gx, int gxo, int n) {
        switch (op) {
            case NEG -> negGradient(g, go, gx, gxo, n);
            case EXP -> expGradient(y, yo, g, go, gx, gxo, n);
            case LOG -> logGradient(x, xo, g, go, gx, gxo, n);
            case SQRT -> sqrtGradient(y, yo, g, go, gx, gxo, n);
            case SQUARE -> squareGradient(x, xo, g, go, gx, gxo, n);
            case TANH -> tanhGradient(y, yo, g, go, gx, gxo, n);
            case ADD_SCALAR -> addScalarGradient(g, go, gx, gxo, n);
            case MUL_SCALAR -> mulScalarGradient(a, g, go, gx, gxo, n);
            case RELU -> reluGradient(x, xo, g, go, gx, gxo, n);
            case RELU6 -> relu6Gradient(x, xo, g, go, gx, gxo, n);
            case SIGMOID -> sigmoidGradient(y, yo, g, go, gx, gxo, n);
            case SILU -> siluGradient(x, xo, g, go, gx, gxo, n);
            case HARD_SWISH -> hardSwishGradient(x, xo, g, go, gx, gxo, n);
            case HARD_SIGMOID -> hardSigmoidGradient(x, xo, g, go, gx, gxo, n);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static FloatVector sigmoid(FloatVector v) {
        return ONE.div(VectorMath.exp(v.neg()).add(1f));
    }

    private static FloatVector siluGradient(FloatVector gv, FloatVector v) {
        FloatVector s = sigmoid(v);
        return gv.mul(s).mul(v.mul(s.neg().add(1f)).add(1f));
    }

    private static void neg(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.neg().intoArray(y, yo + i);
        }
    }

    private static void exp(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            VectorMath.exp(v).intoArray(y, yo + i);
        }
    }

    // log and tanh are rare here and lanewise(LOG/TANH) differs before and after JIT compilation: stay scalar.
    private static void log(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.log(x[xo + i]);
    }

    private static void sqrt(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.sqrt().intoArray(y, yo + i);
        }
    }

    private static void abs(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.abs().intoArray(y, yo + i);
        }
    }

    private static void square(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(v).intoArray(y, yo + i);
        }
    }

    private static void tanh(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) y[yo + i] = (float) Math.tanh(x[xo + i]);
    }

    private static void addScalar(float a, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.add(a).intoArray(y, yo + i);
        }
    }

    private static void mulScalar(float a, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(a).intoArray(y, yo + i);
        }
    }

    private static void relu(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.max(0f).intoArray(y, yo + i);
        }
    }

    private static void relu6(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.max(0f).min(6f).intoArray(y, yo + i);
        }
    }

    private static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            sigmoid(v).intoArray(y, yo + i);
        }
    }

    private static void silu(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(sigmoid(v)).intoArray(y, yo + i);
        }
    }

    private static void hardSwish(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(v.add(3f).max(0f).min(6f)).div(6f).intoArray(y, yo + i);
        }
    }

    private static void hardSigmoid(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.add(3f).max(0f).min(6f).div(6f).intoArray(y, yo + i);
        }
    }

    private static void negGradient(float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            gv.neg().intoArray(gx, gxo + i);
        }
    }

    private static void expGradient(float[] y, int yo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector t = FloatVector.fromArray(S, y, yo + i);
            gv.mul(t).intoArray(gx, gxo + i);
        }
    }

    private static void logGradient(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            gv.div(v).intoArray(gx, gxo + i);
        }
    }

    private static void sqrtGradient(float[] y, int yo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector t = FloatVector.fromArray(S, y, yo + i);
            gv.mul(0.5f).div(t).intoArray(gx, gxo + i);
        }
    }

    private static void squareGradient(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            gv.mul(2f).mul(v).intoArray(gx, gxo + i);
        }
    }

    private static void tanhGradient(float[] y, int yo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector t = FloatVector.fromArray(S, y, yo + i);
            gv.mul(t.mul(t).neg().add(1f)).intoArray(gx, gxo + i);
        }
    }

    private static void addScalarGradient(float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            gv.intoArray(gx, gxo + i);
        }
    }

    private static void mulScalarGradient(float a, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            gv.mul(a).intoArray(gx, gxo + i);
        }
    }

    private static void reluGradient(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            ZERO.blend(gv, v.compare(VectorOperators.GT, 0f)).intoArray(gx, gxo + i);
        }
    }

    private static void relu6Gradient(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            VectorMask<Float> inside = v.compare(VectorOperators.GT, 0f).and(v.compare(VectorOperators.LT, 6f));
            ZERO.blend(gv, inside).intoArray(gx, gxo + i);
        }
    }

    private static void sigmoidGradient(float[] y, int yo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector t = FloatVector.fromArray(S, y, yo + i);
            gv.mul(t).mul(t.neg().add(1f)).intoArray(gx, gxo + i);
        }
    }

    private static void siluGradient(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            siluGradient(gv, v).intoArray(gx, gxo + i);
        }
    }

    private static void hardSwishGradient(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            gv.mul(v.mul(2f).add(3f)).div(6f).blend(gv, v.compare(VectorOperators.GT, 3f))
                    .blend(ZERO, v.compare(VectorOperators.LT, -3f)).intoArray(gx, gxo + i);
        }
    }

    private static void hardSigmoidGradient(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, go + i);
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            VectorMask<Float> inside = v.compare(VectorOperators.GT, -3f).and(v.compare(VectorOperators.LT, 3f));
            ZERO.blend(gv.div(6f), inside).intoArray(gx, gxo + i);
        }
    }
}
