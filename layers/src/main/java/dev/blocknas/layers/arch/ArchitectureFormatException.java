package dev.blocknas.layers.arch;

/**
 * An architecture string that does not parse, or an architecture that cannot be built. The message is one
 * sentence that quotes the offending token and says where it stands (stage and cell, counted from 1 as
 * written, the stem and head counting as stages); {@link #stage()} and {@link #cell()} give the same
 * position (0 when the error is not about one token).
 */
public class ArchitectureFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int stage;
    private final int cell;

    public ArchitectureFormatException(String message, int stage, int cell) {
        super(message);
        this.stage = stage;
        this.cell = cell;
    }

    public ArchitectureFormatException(String message) {
        this(message, 0, 0);
    }

    /** The stage of the offending token, counted from 1 as written, or 0. */
    public int stage() {
        return stage;
    }

    /** The cell of the offending token within its stage, counted from 1, or 0. */
    public int cell() {
        return cell;
    }
}
