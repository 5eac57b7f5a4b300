package dev.blocknas.tensor;

/** Window pooling flavours. Average pooling counts padded positions (PyTorch's count_include_pad=true). */
public enum PoolKind {
    MAX,
    AVG
}
