package dev.blocknas.layers.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole network as data: an optional stem, stages of cells, an optional head. Written and read as a
 * compact string by {@link ArchitectureCodec}; built by {@link NetworkBuilder}; counted by
 * {@link ParameterCount} and {@link Flops}.
 *
 * @param stem   the stem, or null: the first cell then takes the input image
 * @param stages the cell stages, each non-empty (may be none)
 * @param head   the head, or null: global pool and classifier then act on the last cell's output
 */
public record Architecture(StemSpec stem, List<List<CellSpec>> stages, HeadSpec head) {
    public Architecture {
        List<List<CellSpec>> copy = new ArrayList<>();
        for (List<CellSpec> s : stages) {
            if (s.isEmpty()) throw new IllegalArgumentException("an architecture stage needs at least one cell");
            copy.add(List.copyOf(s));
        }
        stages = List.copyOf(copy);
        if (stem == null && head == null && stages.isEmpty())
            throw new IllegalArgumentException("an architecture needs at least one part");
    }

    /** Parses the string form (see {@link ArchitectureCodec}). */
    public static Architecture parse(String text) {
        return ArchitectureCodec.decode(text);
    }

    public boolean hasStem() {
        return stem != null;
    }

    public boolean hasHead() {
        return head != null;
    }

    /** Number of cells over all stages (skips included). */
    public int cellCount() {
        int n = 0;
        for (List<CellSpec> s : stages) n += s.size();
        return n;
    }

    /** The stage number as written in the string (from 1, the stem counting) of cell stage {@code stageIndex} (from 0). */
    public int writtenStage(int stageIndex) {
        return stageIndex + 1 + (hasStem() ? 1 : 0);
    }

    /** One cell with the widths it sees. {@code stage} and {@code index} count from 0 over the cell stages. */
    public record ResolvedCell(int stage, int index, CellSpec spec, int inChannels, int outChannels) {}

    /**
     * The widths through the network for {@code inChannels} input channels.
     *
     * @param stemOut  channels after the stem (the input channels when there is none)
     * @param cells    every cell in order with its input and output widths
     * @param features channels entering the head (or the classifier when there is no head)
     */
    public record Layout(int inChannels, int stemOut, List<ResolvedCell> cells, int features) {}

    /**
     * Resolves the widths and checks what the string form alone cannot: a {@code skip} standing first in a
     * stage is only valid when the stage changes neither the stride nor the width (the first cell of a stage
     * carries its stride and width change); and that no cell expands its input to more channels than an array holds.
     *
     * @throws ArchitectureFormatException one sentence naming the offending cell
     */
    public Layout layout(int inChannels) {
        if (inChannels < 1) throw new IllegalArgumentException("input channels must be at least 1, got " + inChannels);
        int c = stem != null ? stem.outChannels() : inChannels;
        int stemOut = c;
        List<ResolvedCell> cells = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            List<CellSpec> stage = stages.get(i);
            int stageIn = c;
            for (int j = 0; j < stage.size(); j++) {
                CellSpec s = stage.get(j);
                int out = s.isSkip() ? c : s.outChannels();
                // The expanded width is the one that can pass what a layer (an int-indexed array) holds.
                if (!s.isSkip() && (long) c * s.expansion() > Integer.MAX_VALUE) {
                    throw new ArchitectureFormatException(
                            String.format("Cell \"%s\" (stage %d, cell %d) expands %,d channels %,d times to %,d,"
                                    + " more than a layer can hold (%,d): use a smaller expansion or width.",
                                    ArchitectureCodec.encodeCell(s),
                                    writtenStage(i), j + 1, c, s.expansion(), (long) c * s.expansion(),
                                    Integer.MAX_VALUE),
                            writtenStage(i), j + 1);
                }
                cells.add(new ResolvedCell(i, j, s, c, out));
                c = out;
            }
            if (stage.get(0).isSkip()) {
                int stride = 1;
                for (CellSpec s : stage) stride *= s.stride();
                if (stride != 1 || c != stageIn) {
                    throw new ArchitectureFormatException(
                            "Cell \"skip\" (stage " + writtenStage(i) + ", cell 1) cannot stand first in a stage"
                                    + " that changes "
                                    + (stride != 1
                                            ? "the stride" + (c != stageIn
                                                    ? " and the width (" + stageIn + " -> " + c + " channels)"
                                                    : "")
                                            : "the width (" + stageIn + " -> " + c + " channels)")
                                    + ": the first cell of a stage must carry that change, and skip is an identity.",
                            writtenStage(i), 1);
                }
            }
        }
        return new Layout(inChannels, stemOut, List.copyOf(cells), c);
    }

    /** The canonical string form. */
    @Override
    public String toString() {
        return ArchitectureCodec.encode(this);
    }
}
