package dev.blocknas.nas.run;

/**
 * One search method (dna, dbnas, ...): the phases between "the data is ready" and "the best network is
 * chosen". {@link SearchRun} does the rest the same way for every method: the run folder, config, log,
 * retraining, result.json and the report, so that runs of different methods compare side by side.
 *
 * <p>A new method is one class implementing this interface, registered with one line in
 * {@code META-INF/services/dev.blocknas.nas.run.SearchMethod}; {@link SearchMethods} finds it by its name.
 */
public interface SearchMethod {

    /** The name given to {@code --method}. */
    String name();

    /** One line for {@code --method}'s help. */
    String description();

    /** Supernet epochs when {@code --epochs} is not given. */
    default int defaultEpochs() {
        return 2;
    }

    /** The supernet learning rate when {@code --lr} is not given. */
    default double defaultLearningRate() {
        return 0.05;
    }

    /**
     * Refuses, before the run folder exists, settings this method cannot work with (one sentence naming the
     * setting to change); the checks every method shares are {@link RunPlan}'s.
     */
    default void check(SearchConfig cfg, dev.blocknas.supernet.space.SearchSpace space) {}

    /**
     * Searches, writing the method's own files into {@code ctx.folder()} and timing its phases with
     * {@link RunContext#phase}; with {@code ctx.resume()}, continues what the folder already holds.
     */
    MethodOutcome search(RunContext ctx);
}
