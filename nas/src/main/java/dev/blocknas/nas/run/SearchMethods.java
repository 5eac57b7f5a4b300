package dev.blocknas.nas.run;

import java.util.List;

/** The search methods by name. */
public final class SearchMethods {
    /** The names {@code --method} accepts. */
    public static final List<String> NAMES = List.of("dna", "dbnas", "dna+", "dna++", "bsnas", "evolve");

    private SearchMethods() {}

    /**
     * @throws IllegalArgumentException with one sentence for an unknown name
     */
    public static SearchMethod get(String name) {
        return switch (name) {
            case "dna" -> BlockwiseSearch.dna();
            case "dbnas" -> BlockwiseSearch.dbnas();
            case "dna+" -> new ProgressiveDistillation();
            case "dna++" -> new SelfSupervisedSearch();
            case "bsnas" -> new BsNasSearch();
            case "evolve" -> new EvolutionSearch();
            default -> throw new IllegalArgumentException("Unknown method \"" + name + "\": use " + String.join(", ", NAMES) + ".");
        };
    }
}
