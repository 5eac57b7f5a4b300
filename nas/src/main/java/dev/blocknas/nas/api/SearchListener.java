package dev.blocknas.nas.api;

/**
 * Receives a search's progress as the command line prints it, one line at a time (phases, losses, ratings,
 * progress bars at most every 15 seconds), without line separators. Lines may come from a background thread;
 * an exception thrown here stops the search.
 */
@FunctionalInterface
public interface SearchListener {
    /** One line of progress. */
    void line(String text);
}
