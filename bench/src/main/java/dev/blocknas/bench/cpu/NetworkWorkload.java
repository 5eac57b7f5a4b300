package dev.blocknas.bench.cpu;

import dev.blocknas.layers.arch.ArchitectureCodec;
import dev.blocknas.layers.arch.Flops;
import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The whole networks whose training step the CPU benchmarks, the profile and the peer comparison time: each is
 * an architecture string built by the layers module's codec and {@code NetworkBuilder} (the code {@code train}
 * and {@code search} use), trained at batch 64 on random images with cross-entropy and SGD
 * ({@link NetworkStep}). The parameter and multiply-add counts are stated here so that a test can hold the
 * strings to them: a changed string, codec or builder shows up as a failed count, not as a silently different
 * benchmark.
 *
 * @param key        the short name used by {@code -p net=...}, the profile and the peer table
 * @param arch       the architecture string
 * @param channels   image channels
 * @param size       image height and width
 * @param params     trainable parameters (batch-norm running statistics not counted)
 * @param madds      multiply-adds of one forward pass of one image ({@link Flops})
 */
public record NetworkWorkload(String key, String arch, int channels, int size, long params, long madds) {
    /** Classes of every workload's classifier. */
    public static final int CLASSES = 10;
    /** Images per step. */
    public static final int BATCH = 64;

    /**
     * The teacher of issue 10: the mnist space's blocks at their deepest cell and widest expansion with kernel 5,
     * 1.5x wide (24/40/64 to 36/60/96), on 28x28 grey images.
     */
    public static final NetworkWorkload TEACHER_K5 = new NetworkWorkload("teacher-k5",
            "stem_c16_s2/ir_k5_e6_c36_s1-ir_k5_e6_c36_s1/ir_k5_e6_c60_s2-ir_k5_e6_c60_s1/ir_k5_e6_c96_s2-ir_k5_e6_c96_s1/head_c256",
            1, 28, 332_730, 14_716_192);

    /** Today's default teacher of {@code search --method dna} on the mnist space: the same with kernel 3. */
    public static final NetworkWorkload TEACHER_K3 = new NetworkWorkload("teacher-k3",
            "stem_c16_s2/ir_k3_e6_c36_s1-ir_k3_e6_c36_s1/ir_k3_e6_c60_s2-ir_k3_e6_c60_s1/ir_k3_e6_c96_s2-ir_k3_e6_c96_s1/head_c256",
            1, 28, 303_546, 13_046_560);

    /**
     * A mid-sized network of the {@code cifar} space (32x32x3, swish, squeeze-excite 0.25 in every cell): every
     * block at its shallowest cell and every layer at operation k5 e3, the middle of the space's six (see
     * {@link #cifarMidArchitecture()}). The space's deepest and widest network (k7 e6, 178.7 M multiply-adds) would
     * take several seconds a step on two cores; this one keeps a benchmark run in minutes while exercising every
     * cell kind of the space: stride 1 and 2, residual and not, expansion 1 (the fixed cell) and 3, and the
     * 1280-wide head.
     */
    public static final NetworkWorkload CIFAR_MID = new NetworkWorkload("cifar-mid",
            "stem_c32_s1/ir_k3_e1_c16_s1_se0.25/ir_k5_e3_c24_s1_se0.25-ir_k5_e3_c24_s1_se0.25/ir_k5_e3_c40_s2_se0.25-ir_k5_e3_c40_s1_se0.25"
                    + "/ir_k5_e3_c80_s2_se0.25-ir_k5_e3_c80_s1_se0.25/ir_k5_e3_c112_s1_se0.25-ir_k5_e3_c112_s1_se0.25-ir_k5_e3_c112_s1_se0.25"
                    + "/ir_k5_e3_c192_s2_se0.25-ir_k5_e3_c192_s1_se0.25-ir_k5_e3_c192_s1_se0.25-ir_k5_e3_c192_s1_se0.25"
                    + "/ir_k5_e3_c320_s1_se0.25/head_c1280",
            3, 32, 2_191_186, 62_095_744);

    /**
     * The network the default {@code ./blocknas search} chooses on the embedded Fashion-MNIST data and retrains for
     * five epochs, the longest phase of that job: kernel 7 in four of its six cells, on 14x14 to 4x4 planes.
     */
    public static final NetworkWorkload SEARCH_CHOSEN = new NetworkWorkload("search-chosen",
            "stem_c16_s2/ir_k3_e6_c24_s1-ir_k7_e6_c24_s1/ir_k7_e6_c40_s2-ir_k7_e6_c40_s1/ir_k7_e6_c64_s2-ir_k5_e6_c64_s1/head_c256",
            1, 28, 186_522, 8_619_392);

    /** Every workload, in the order the tables list them. */
    public static final List<NetworkWorkload> ALL = List.of(TEACHER_K5, TEACHER_K3, CIFAR_MID, SEARCH_CHOSEN);

    /** The workload called {@code key}. */
    public static NetworkWorkload of(String key) {
        for (NetworkWorkload w : ALL) if (w.key.equals(key)) return w;
        throw new IllegalArgumentException("no network workload \"" + key + "\": use one of "
                + ALL.stream().map(NetworkWorkload::key).toList());
    }

    /**
     * The {@link #CIFAR_MID} network written out by the {@code cifar} space itself: each block's first
     * (shallowest) cell, every layer at the space's operation 2 (k5 e3).
     */
    public static String cifarMidArchitecture() {
        SearchSpace space = SearchSpaces.cifar();
        List<BlockPath> paths = new ArrayList<>();
        for (int b = 0; b < space.blockCount(); b++) {
            int[] ops = new int[space.block(b).depths().get(0)];
            Arrays.fill(ops, 2);
            paths.add(new BlockPath(0, ops));
        }
        return ArchitectureCodec.encode(space.architecture(paths));
    }

    /** Parameters as {@link ParameterCount} computes them from the string (the test also counts the built network). */
    public long countedParams() {
        return ParameterCount.of(arch, channels, CLASSES);
    }

    /** Multiply-adds of one image as {@link Flops} computes them from the string. */
    public long countedMadds() {
        return Flops.of(arch, channels, CLASSES, size);
    }

    /** One line for tables: the key, the input and the counts. */
    public String describe() {
        return String.format(Locale.ROOT, "%s: N%d %dx%dx%d, %,d params, %.1f M multiply-adds/image", key, BATCH, size,
                size, channels,
                params, madds / 1e6);
    }
}
