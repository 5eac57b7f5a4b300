package dev.blocknas.kernels.ops;

import dev.blocknas.tensor.BinaryOp;
import dev.blocknas.tensor.PoolKind;
import dev.blocknas.tensor.ReduceOp;
import dev.blocknas.tensor.UnaryOp;

/**
 * The integer codes our kernels use for the SPI's enums (enum UnaryCode / BinaryCode in
 * elementwise_ops.cuh, the #defines of reduce.cu and pooling.cu). Written out rather than taken from
 * ordinal() so that reordering an enum cannot silently change a kernel's meaning; OpCodesMatchSourceTest
 * checks these against the CUDA sources.
 */
public final class OpCodes {
    private OpCodes() {}

    public static int unary(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case EXP -> 1;
            case LOG -> 2;
            case SQRT -> 3;
            case ABS -> 4;
            case SQUARE -> 5;
            case TANH -> 6;
            case POW -> 7;
            case ADD_SCALAR -> 8;
            case MUL_SCALAR -> 9;
            case RELU -> 10;
            case RELU6 -> 11;
            case SIGMOID -> 12;
            case SILU -> 13;
            case HARD_SWISH -> 14;
            case HARD_SIGMOID -> 15;
        };
    }

    public static int binary(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case EQ -> 4;
        };
    }

    public static int reduce(ReduceOp op) {
        return switch (op) {
            case SUM -> 0;
            case MEAN -> 1;
            case MAX -> 2;
        };
    }

    public static int pool(PoolKind kind) {
        return switch (kind) {
            case MAX -> 0;
            case AVG -> 1;
        };
    }
}
