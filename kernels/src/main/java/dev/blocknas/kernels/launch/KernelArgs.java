package dev.blocknas.kernels.launch;

import jcuda.Pointer;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameter list of one kernel launch, in declaration order. cuLaunchKernel takes an array of pointers
 * to the values; each value here is its own small host array. Structs are all-4-byte-field C structs passed
 * by value, written as an int array in field order.
 */
public final class KernelArgs {
    private final List<Pointer> values = new ArrayList<>();

    /** A device pointer (an address). */
    public KernelArgs ptr(long address) {
        values.add(Pointer.to(new long[] {address}));
        return this;
    }

    public KernelArgs i32(int v) {
        values.add(Pointer.to(new int[] {v}));
        return this;
    }

    public KernelArgs i64(long v) {
        values.add(Pointer.to(new long[] {v}));
        return this;
    }

    public KernelArgs f32(float v) {
        values.add(Pointer.to(new float[] {v}));
        return this;
    }

    /** A struct of 4-byte fields, by value. */
    public KernelArgs struct(int[] fields) {
        values.add(Pointer.to(fields.clone()));
        return this;
    }

    /** A FastDiv struct by value. */
    public KernelArgs fastDiv(FastDiv d) {
        return struct(new int[] {d.mul(), d.shift(), d.div()});
    }

    /** The kernelParams array for cuLaunchKernel. */
    public Pointer toPointer() {
        return Pointer.to(values.toArray(new Pointer[0]));
    }

    public int size() {
        return values.size();
    }
}
