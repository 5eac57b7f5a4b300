package dev.blocknas.nas.run;

import java.util.List;

/** The search methods by name. */
public final class SearchMethods {
    /** The names {@code --method} accepts. */
    public static final List<String> NAMES = List.of("dna", "dbnas", "bsnas", "evolve");

    private SearchMethods() {}

    /**
     * @throws IllegalArgumentException with one sentence for an unknown name
     */
    public static SearchMethod get(String name) {
        return switch (name) {
            case "dna" -> BlockwiseSearch.dna();
            case "dbnas" -> BlockwiseSearch.dbnas();
            case "bsnas", "evolve" -> name.equals("bsnas") ? new BsNasSearch() : new EvolutionSearch();
            default -> throw new IllegalArgumentException("Unknown method \"" + name + "\": use " + String.join(", ", NAMES) + ".");
        };
    }
}
