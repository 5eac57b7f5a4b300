package dev.blocknas.layers.arch;

import java.util.function.DoubleFunction;

/**
 * The numeric parts of an architecture-string token ({@code k3}, {@code e6}, {@code c24}, {@code s2},
 * {@code se0.25}): the one table from which {@link ArchitectureCodec} parses, validates and explains them, and
 * from which its grammar text is written. Adding a part is one row here (and its field in {@link CellSpec}).
 *
 * @param key       the letters before the value
 * @param meaning   what the value is, for messages ("kernel")
 * @param allowed   the values allowed, for the grammar ("{3|5|7}")
 * @param example   shown when the part is missing ("k3, k5 or k7"; "such as e6")
 * @param decimal   whether the value is a decimal (else a whole number)
 * @param problem   null for an allowed value, else the sentence fragment saying why not
 */
enum ArchitecturePart {
    KERNEL("k", "kernel", "{3|5|7}", "k3, k5 or k7", false, v -> CellSpec.kernelProblem((int) v)),
    EXPANSION("e", "expansion", "{int >= 1}", "such as e6", false, v -> CellSpec.expansionProblem((int) v)),
    CHANNELS("c", "output channels", "{int >= 1}", "such as c24", false, v -> CellSpec.channelsProblem((int) v)),
    STRIDE("s", "stride", "{1|2}", "s1 or s2", false, v -> CellSpec.strideProblem((int) v)),
    SE("se", "squeeze-excite ratio", "{decimal in (0, 1]}", "such as se0.25", true,
            v -> v == 0 ? "squeeze-excite ratio must be in (0, 1]" : CellSpec.seProblem(v));

    final String key;
    final String meaning;
    final String allowed;
    final String example;
    final boolean decimal;
    final DoubleFunction<String> problem;

    ArchitecturePart(String key, String meaning, String allowed, String example, boolean decimal,
                     DoubleFunction<String> problem) {
        this.key = key;
        this.meaning = meaning;
        this.allowed = allowed;
        this.example = example;
        this.decimal = decimal;
        this.problem = problem;
    }

    /** The part written with {@code key}, or null. */
    static ArchitecturePart byKey(String key) {
        for (ArchitecturePart p : values()) if (p.key.equals(key)) return p;
        return null;
    }

    /** The grammar of the part: {@code k{3|5|7}}. */
    String grammar() {
        return key + allowed;
    }
}
