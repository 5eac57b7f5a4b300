package dev.blocknas.nas.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The search methods by name: the built-in ones, then any other {@link SearchMethod} registered as a service
 * ({@code META-INF/services/dev.blocknas.nas.run.SearchMethod}) on the class path.
 */
public final class SearchMethods {
    private static volatile Map<String, SearchMethod> registry;

    private SearchMethods() {}

    /** Every method, built-in ones first. */
    public static List<SearchMethod> all() {
        return List.copyOf(registry().values());
    }

    /** The names {@code --method} accepts. */
    public static List<String> names() {
        return List.copyOf(registry().keySet());
    }

    /** One line per method, for help texts. */
    public static String help() {
        StringBuilder s = new StringBuilder();
        for (SearchMethod m : all()) s.append(String.format("%n  %-7s %s", m.name(), m.description()));
        return s.toString();
    }

    /**
     * @throws IllegalArgumentException with one sentence for an unknown name
     */
    public static SearchMethod get(String name) {
        SearchMethod m = registry().get(name);
        if (m == null)
            throw new IllegalArgumentException(
                    "Unknown method \"" + name + "\": use " + String.join(", ", names()) + ".");
        return m;
    }

    private static Map<String, SearchMethod> registry() {
        Map<String, SearchMethod> r = registry;
        if (r == null) {
            Map<String, SearchMethod> m = new LinkedHashMap<>();
            List<SearchMethod> found = new ArrayList<>(List.of(BlockwiseSearch.dna(), BlockwiseSearch.dbnas(),
                    new ProgressiveDistillation(), new SelfSupervisedSearch(), new BsNasSearch(),
                    new EvolutionSearch()));
            for (SearchMethod s : ServiceLoader.load(SearchMethod.class)) found.add(s);
            for (SearchMethod s : found) {
                if (m.putIfAbsent(s.name(), s) != null) {
                    throw new IllegalStateException(
                            "Two search methods are named \"" + s.name() + "\": " + m.get(s.name()).getClass().getName()
                                    + " and " + s.getClass().getName() + ".");
                }
            }
            registry = r = m;
        }
        return r;
    }
}
