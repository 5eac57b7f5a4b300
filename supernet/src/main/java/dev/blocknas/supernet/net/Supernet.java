package dev.blocknas.supernet.net;

import dev.blocknas.layers.arch.CellSpec;
import dev.blocknas.layers.nn.Head;
import dev.blocknas.layers.nn.Identity;
import dev.blocknas.layers.nn.MBConv;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.nn.Sequential;
import dev.blocknas.layers.nn.Stem;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The weight-sharing supernet of a {@link SearchSpace}: for every block, every cell's every candidate
 * operation lives side by side; one path per block runs at a time. The stem (and fixed cells) belong to
 * block 0. A head is present when the blocks are built at the space's own widths, so whole networks can
 * be evaluated end to end.
 */
public final class Supernet extends Module {
    private final SearchSpace space;
    private final List<SupernetBlock> blocks = new ArrayList<>();
    private final Head head;

    private Supernet(SearchSpace space, List<BlockWidths> widths, boolean withHead, boolean spring, Rng rng,
                     Device device) {
        this.space = space;
        Sequential holder = registerModule("blocks", new Sequential());
        for (int b = 0; b < space.blockCount(); b++) {
            Module prefix = b == 0 ? stem(space, widths.get(0), rng, device) : null;
            SupernetBlock block = new SupernetBlock(space, b, widths.get(b), prefix, spring, rng, device);
            holder.add(block);
            blocks.add(block);
        }
        int last = widths.get(widths.size() - 1).out();
        head = withHead
                ? registerModule("head", new Head(last, space.head().outChannels(), space.numClasses(),
                        space.head().activation(), 0f, rng, device))
                : null;
    }

    /** A supernet at the space's own widths, with its head: for deep supervision and whole-network evaluation. */
    public static Supernet standalone(SearchSpace space, Rng rng, Device device) {
        return new Supernet(space, ownWidths(space), true, false, rng, device);
    }

    /**
     * A standalone supernet of spring layers (BS-NAS): in every layer the operations of one kernel size share
     * one spring {@link MBConv#spring MBConv} at their widest expansion, so the expansion is a channel count searched while the
     * supernet trains.
     */
    public static Supernet spring(SearchSpace space, Rng rng, Device device) {
        return new Supernet(space, ownWidths(space), true, true, rng, device);
    }

    private static List<BlockWidths> ownWidths(SearchSpace space) {
        List<BlockWidths> widths = new ArrayList<>();
        for (int b = 0; b < space.blockCount(); b++) {
            int c = space.block(b).outChannels();
            widths.add(new BlockWidths(space.blockInChannels(b), c, c));
        }
        return widths;
    }

    /**
     * A supernet whose blocks read and write the teacher's widths ({@code teacherWidths[b]} is the width of the
     * teacher's features after block b), as DNA does: the first layer of a block takes the teacher's previous
     * features, the last one widens to the teacher's width. No head.
     */
    public static Supernet distilled(SearchSpace space, int[] teacherWidths, Rng rng, Device device) {
        if (teacherWidths.length != space.blockCount()) {
            throw new IllegalArgumentException("the teacher has " + teacherWidths.length + " blocks, the space "
                    + space.blockCount());
        }
        List<BlockWidths> widths = new ArrayList<>();
        for (int b = 0; b < space.blockCount(); b++) {
            int in = b == 0 ? space.blockInChannels(0) : teacherWidths[b - 1];
            widths.add(new BlockWidths(in, space.block(b).outChannels(), teacherWidths[b]));
        }
        return new Supernet(space, widths, false, false, rng, device);
    }

    /**
     * A supernet for distillation whose cells run at the space's own widths, as in the stand-alone networks,
     * with a {@link WidthAdapter} per block from the teacher's previous features to the block's input width and
     * from its output to the teacher's width. Every candidate of a block then differs from another only in its
     * cells, so candidates of different depths are rated on equal terms.
     */
    public static Supernet adapted(SearchSpace space, int[] teacherWidths, Rng rng, Device device) {
        if (teacherWidths.length != space.blockCount()) {
            throw new IllegalArgumentException("the teacher has " + teacherWidths.length + " blocks, the space "
                    + space.blockCount());
        }
        Supernet s = new Supernet(space, ownWidths(space), false, false, rng, device);
        for (int b = 0; b < space.blockCount(); b++) {
            int in = b == 0 || teacherWidths[b - 1] == space.blockInChannels(b) ? 0 : teacherWidths[b - 1];
            int out = teacherWidths[b] == space.block(b).outChannels() ? 0 : teacherWidths[b];
            s.blocks.get(b).withAdapters(in, out, rng, device);
        }
        return s;
    }

    private static Module stem(SearchSpace space, BlockWidths first, Rng rng, Device device) {
        Sequential s = new Sequential();
        s.add("stem", new Stem(space.inChannels(), space.stem().outChannels(), space.stem().stride(),
                space.stem().activation(), rng, device));
        int in = space.stem().outChannels();
        int i = 0;
        for (CellSpec c : space.fixedCells()) {
            if (c.isSkip()) {
                s.add(Integer.toString(i++), new Identity());
                continue;
            }
            s.add(Integer.toString(i++),
                    new MBConv(in, c.outChannels(), c.kernel(), c.expansion(), c.stride(), c.seRatio(),
                            c.activation(), rng, device));
            in = c.outChannels();
        }
        return s;
    }

    public SearchSpace space() {
        return space;
    }

    public int blockCount() {
        return blocks.size();
    }

    public SupernetBlock block(int b) {
        return blocks.get(b);
    }

    /** The head, or null for a distillation supernet. */
    public Head head() {
        return head;
    }

    /** Selects one path per block. */
    public void activate(List<BlockPath> paths) {
        for (int b = 0; b < blocks.size(); b++) blocks.get(b).activate(paths.get(b));
    }

    /** The active path of every block. */
    public List<BlockPath> activePaths() {
        return blocks.stream().map(SupernetBlock::active).toList();
    }

    /** Features after blocks [0, to) for an image batch. */
    public Tensor features(Tensor x, int to) {
        Tensor h = x;
        for (int b = 0; b < to; b++) h = blocks.get(b).forward(h);
        return h;
    }

    /** Logits of the active network (standalone supernets only). */
    @Override
    public Tensor forward(Tensor x) {
        if (head == null) throw new IllegalStateException("a distillation supernet has no head: run it block by block");
        return head.forward(features(x, blocks.size()));
    }

    /** Names (in this supernet) of the parameters that the given paths use, including the head's. */
    public List<String> parameterNamesOf(List<BlockPath> paths) {
        List<String> names = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            for (String n : blocks.get(b).parametersOf(paths.get(b)).keySet()) names.add("blocks." + b + "." + n);
        }
        if (head != null) for (String n : head.namedParameters().keySet()) names.add("head." + n);
        return names;
    }

    @Override
    protected Map<String, String> weightMetadata() {
        return Map.of("format", "pt", "search_space", space.name());
    }
}
