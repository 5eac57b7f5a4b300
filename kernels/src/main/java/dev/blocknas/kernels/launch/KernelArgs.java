package dev.blocknas.kernels.launch;

import jcuda.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameter list of one kernel launch, in declaration order. cuLaunchKernel takes an array of pointers
 * to the values; each value here is its own small host array. Structs are all-4-byte-field C structs passed
 * by value, written as an int array in field order.
 *
 * <p>Each value keeps its {@link Kind} and its little-endian bytes, so a launch can be replayed somewhere
 * else than the GPU (the CPU emulation of the kernels in the tests) with exactly the bytes the driver gets.
 */
public final class KernelArgs {
    /** What a parameter is, as far as its bytes go. */
    public enum Kind {
        /** A device address, 8 bytes. */
        POINTER('p'),
        /** A 32-bit integer. */
        I32('i'),
        /** A 64-bit integer. */
        I64('l'),
        /** A 32-bit float. */
        F32('f'),
        /** A struct of 4-byte fields, by value. */
        STRUCT('s');

        private final char code;

        Kind(char code) {
            this.code = code;
        }

        /** One letter naming the kind (the emulator's wire format). */
        public char code() {
            return code;
        }
    }

    private record Value(Kind kind, Object array) {}

    private final List<Value> values = new ArrayList<>();

    /** A device pointer (an address). */
    public KernelArgs ptr(long address) {
        values.add(new Value(Kind.POINTER, new long[] {address}));
        return this;
    }

    /** A 32-bit integer (int or unsigned int parameter). */
    public KernelArgs i32(int v) {
        values.add(new Value(Kind.I32, new int[] {v}));
        return this;
    }

    /** A 64-bit integer (long long parameter). */
    public KernelArgs i64(long v) {
        values.add(new Value(Kind.I64, new long[] {v}));
        return this;
    }

    /** A float parameter. */
    public KernelArgs f32(float v) {
        values.add(new Value(Kind.F32, new float[] {v}));
        return this;
    }

    /** A struct of 4-byte fields, by value. */
    public KernelArgs struct(int[] fields) {
        values.add(new Value(Kind.STRUCT, fields.clone()));
        return this;
    }

    /** A FastDiv struct by value. */
    public KernelArgs fastDiv(FastDiv d) {
        return struct(new int[] {d.mul(), d.shift(), d.div()});
    }

    /** The kernelParams array for cuLaunchKernel. */
    public Pointer toPointer() {
        Pointer[] p = new Pointer[values.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = switch (values.get(i).array()) {
                case long[] a -> Pointer.to(a);
                case int[] a -> Pointer.to(a);
                case float[] a -> Pointer.to(a);
                default -> throw new AssertionError();
            };
        }
        return Pointer.to(p);
    }

    /** Number of parameters. */
    public int size() {
        return values.size();
    }

    /** The kind of parameter {@code i}. */
    public Kind kind(int i) {
        return values.get(i).kind();
    }

    /** Parameter {@code i} as the bytes the driver copies into the kernel's parameter space (little-endian). */
    public byte[] bytes(int i) {
        Object a = values.get(i).array();
        ByteBuffer b;
        switch (a) {
            case long[] v -> {
                b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                for (long x : v) b.putLong(x);
            }
            case int[] v -> {
                b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                for (int x : v) b.putInt(x);
            }
            case float[] v -> {
                b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float x : v) b.putFloat(x);
            }
            default -> throw new AssertionError();
        }
        return b.array();
    }
}
