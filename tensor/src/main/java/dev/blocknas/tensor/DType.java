package dev.blocknas.tensor;

/** Element type of a tensor. Only {@link #FLOAT32} is computed today; the field exists so bf16/fp16 can follow. */
public enum DType {
    FLOAT32(4);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }
}
