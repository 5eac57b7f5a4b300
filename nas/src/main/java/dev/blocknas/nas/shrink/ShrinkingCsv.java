package dev.blocknas.nas.shrink;

import dev.blocknas.supernet.net.OpMask;

import java.util.Locale;

/**
 * shrinking.csv: every operation switched off so far, one row each, in order: {@code epoch, block, cell, layer,
 * op, op_index, score} (the epochs trained when it went, where it was, its name and index in the layer, and its
 * score: the mean held-out loss of the sampled networks that used it).
 */
public final class ShrinkingCsv {
    public static final String HEADER = "epoch,block,cell,layer,op,op_index,score";

    private ShrinkingCsv() {}

    /** Rendered from the mask's history, so that a resumed run writes the same file. */
    public static String render(OpMask mask) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (OpMask.Removal r : mask.removals()) {
            String name = mask.space().block(r.block()).choices(r.layer()).get(r.op()).toString();
            sb.append(r.epoch()).append(',').append(r.block()).append(',').append(r.cell()).append(',')
                    .append(r.layer()).append(',')
                    .append(name).append(',').append(r.op()).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", r.score())).append('\n');
        }
        return sb.toString();
    }
}
