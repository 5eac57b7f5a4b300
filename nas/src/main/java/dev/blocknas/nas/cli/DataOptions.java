package dev.blocknas.nas.cli;

import dev.blocknas.nas.run.DataSources;
import dev.blocknas.supernet.space.SearchSpace;
import dev.blocknas.supernet.space.SearchSpaces;
import dev.blocknas.supernet.train.Task;
import picocli.CommandLine.Option;

/** The {@code --data} and {@code --space} options of the commands that train or evaluate one network. */
final class DataOptions {
    @Option(names = "--data", defaultValue = "mnist",
            description = "data set: " + DataSources.FORMS + " (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--space", defaultValue = "mnist",
            description = "the space whose image size and classes the data must fit (default: ${DEFAULT-VALUE})")
    String space;

    SearchSpace space() {
        return SearchSpaces.get(space);
    }

    /** The task of the data for the space (10% of the training images held out). */
    Task task(SearchSpace s, long seed) {
        return DataSources.task(data, s, 0.1, seed);
    }
}
