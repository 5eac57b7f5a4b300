package dev.blocknas.supernet.net;

import dev.blocknas.layers.nn.Module;
import dev.blocknas.layers.nn.Parameter;
import dev.blocknas.layers.nn.Sequential;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.BlockSpec;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.Rng;
import dev.blocknas.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One block of the supernet, the unit that trains on its own: its cells ({@code cells.0}, ...) and, for the
 * first block, the network's fixed stem ({@code prefix}). {@link #activate} picks the path that
 * {@link #forward} runs.
 */
public final class SupernetBlock extends Module {
    private final int index;
    private final BlockWidths widths;
    private final Module prefix;
    private Module adaptIn;
    private Module adaptOut;
    private final List<ChoiceCell> cells = new ArrayList<>();
    private BlockPath active;

    /**
     * @param prefix the fixed layers before the cells (the stem for block 0), or null
     */
    public SupernetBlock(SearchSpace space, int index, BlockWidths widths, Module prefix, Rng rng, Device device) {
        this(space, index, widths, prefix, false, rng, device);
    }

    /**
     * @param prefix the fixed layers before the cells (the stem for block 0), or null
     * @param spring whether the layers share weights among the expansions of a kernel ({@link ChoiceLayer})
     */
    public SupernetBlock(SearchSpace space, int index, BlockWidths widths, Module prefix, boolean spring, Rng rng,
                         Device device) {
        this.index = index;
        this.widths = widths;
        this.prefix = prefix == null ? null : registerModule("prefix", prefix);
        BlockSpec spec = space.block(index);
        Sequential holder = registerModule("cells", new Sequential());
        for (int d : spec.depths()) {
            ChoiceCell c = new ChoiceCell(spec, d, widths, space.seRatio(), space.activation(), spring, rng, device);
            holder.add(c);
            cells.add(c);
        }
        activate(new BlockPath(0, new int[spec.depths().get(0)]));
    }

    public int index() {
        return index;
    }

    public BlockWidths widths() {
        return widths;
    }

    /**
     * Adds {@link WidthAdapter}s: {@code in} maps the features entering the block (e.g. the teacher's) to the
     * width its cells take, {@code out} maps the cells' output to the width compared against; 0 for none. They
     * run for every path and belong to every path's parameters.
     */
    public SupernetBlock withAdapters(int inFrom, int outTo, Rng rng, Device device) {
        if (inFrom > 0) adaptIn = registerModule("adapt_in", new WidthAdapter(inFrom, widths.in(), rng, device));
        if (outTo > 0) adaptOut = registerModule("adapt_out", new WidthAdapter(widths.out(), outTo, rng, device));
        return this;
    }

    /** True for the first block, which carries the stem. */
    public boolean hasPrefix() {
        return prefix != null;
    }

    public ChoiceCell cell(int c) {
        return cells.get(c);
    }

    /** The path {@link #forward} runs. */
    public BlockPath active() {
        return active;
    }

    /** Selects the cell and the operation of each of its layers. */
    public void activate(BlockPath path) {
        if (path.cell() < 0 || path.cell() >= cells.size() || path.depth() != cells.get(path.cell()).depth()) {
            throw new IllegalArgumentException("path " + path + " does not fit block " + index);
        }
        ChoiceCell c = cells.get(path.cell());
        for (int l = 0; l < path.depth(); l++) c.layer(l).select(path.op(l));
        active = path;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = adaptIn == null ? x : adaptIn.forward(x);
        h = prefix == null ? h : prefix.forward(h);
        h = cells.get(active.cell()).forward(h);
        return adaptOut == null ? h : adaptOut.forward(h);
    }

    /**
     * The parameters that {@code path} uses (with their names in this block): the prefix's, the adapters' and
     * the chosen operation's of every layer of the chosen cell.
     */
    public Map<String, Parameter> parametersOf(BlockPath path) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        String cellPrefix = "cells." + path.cell() + ".";
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            String n = e.getKey();
            if (n.startsWith("prefix.") || n.startsWith("adapt_")) {
                out.put(n, e.getValue());
            } else if (n.startsWith(cellPrefix)) {
                String[] parts = n.substring(cellPrefix.length()).split("\\.", 3);
                int layer = Integer.parseInt(parts[0]);
                if (cells.get(path.cell()).layer(layer).member(path.op(layer)).equals(parts[1]))
                    out.put(n, e.getValue());
            }
        }
        return out;
    }
}
