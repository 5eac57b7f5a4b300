package dev.blocknas.supernet.net;

/**
 * Channel widths of one supernet block: what enters it, the width between its layers, and what leaves it.
 * Deep supervision trains a block at the searched widths ({@code hidden == out}); distillation, as in DNA,
 * takes the teacher's features as input and widens the last layer to the teacher's width.
 */
public record BlockWidths(int in, int hidden, int out) {
    public BlockWidths {
        if (in < 1 || hidden < 1 || out < 1) throw new IllegalArgumentException("block widths must be positive");
    }

    /** Input width of layer {@code l} of a cell of {@code depth} layers. */
    public int layerIn(int l) {
        return l == 0 ? in : hidden;
    }

    /** Output width of layer {@code l} of a cell of {@code depth} layers. */
    public int layerOut(int l, int depth) {
        return l == depth - 1 ? out : hidden;
    }
}
