package dev.blocknas.nas.run;

import dev.blocknas.layers.arch.ParameterCount;
import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * A search method that lives only in the test sources: it picks every block's first path without training.
 * Registered in src/test/resources/META-INF/services, it proves that a method is one file.
 */
public final class FirstPathMethod implements SearchMethod {
    @Override
    public String name() {
        return "first-path";
    }

    @Override
    public String description() {
        return "every block's first path, untrained (a test method)";
    }

    @Override
    public MethodOutcome search(RunContext ctx) {
        SearchSpace space = ctx.space();
        List<BlockPath> paths = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < space.blockCount(); b++) {
            BlockPath p = space.paths(b).iterator().next();
            paths.add(p);
            labels.add(space.label(b, p));
        }
        String arch = space.architecture(paths).toString();
        long params = ParameterCount.of(arch, space.inChannels(), space.numClasses());
        ctx.phase("choose");
        return new MethodOutcome(arch, labels, 0, "none", params, 0, null, 1, List.of(), List.of("<p>first paths</p>"));
    }
}
