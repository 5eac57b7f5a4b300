package dev.blocknas.nas.select;

import java.util.HashSet;
import java.util.List;

/** The rated candidates of one block, in file order; labels are unique within a block. */
public record BlockOptions(List<Option> options) {

    public BlockOptions {
        options = List.copyOf(options);
        if (options.isEmpty()) {
            throw new IllegalArgumentException("A block needs at least one option.");
        }
        var seen = new HashSet<String>();
        for (Option o : options) {
            if (!seen.add(o.label())) {
                throw new IllegalArgumentException("A block lists candidate \"" + o.label() + "\" twice.");
            }
        }
    }

    public int size() {
        return options.size();
    }

    public Option option(int i) {
        return options.get(i);
    }
}
