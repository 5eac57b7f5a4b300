package dev.blocknas.supernet.train;

import dev.blocknas.supernet.space.BlockPath;
import dev.blocknas.supernet.space.SearchSpace;

import java.util.Arrays;

/** How a block-wise trainer picks the path of a block at each step. */
public enum PathSampling {
    /** Each step draws a cell, then an operation per layer, independently and uniformly (DNA's reference code). */
    UNIFORM {
        @Override
        public BlockPath draw(SearchSpace space, int b, long seed, int epoch, int step) {
            return space.sample(b, StepSeeds.random(seed, 0, epoch, step, b));
        }
    },
    /** Every operation trained equally often, group by group of steps ({@link FairPaths}). */
    FAIR {
        @Override
        public BlockPath draw(SearchSpace space, int b, long seed, int epoch, int step) {
            return FairPaths.at(space, b, seed, epoch, step);
        }
    };

    /** The path of block {@code b} at ({@code epoch}, {@code step}): a pure function of them and {@code seed}. */
    public abstract BlockPath draw(SearchSpace space, int b, long seed, int epoch, int step);

    /** The name on the command line and in config.json. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The sampling of that label; throws with the labels allowed. */
    public static PathSampling of(String label) {
        for (PathSampling s : values()) {
            if (s.label().equals(label)) return s;
        }
        throw new IllegalArgumentException("--path-sampling must be one of "
                + String.join(", ", Arrays.stream(values()).map(PathSampling::label).toList()) + ", got \"" + label
                + "\".");
    }
}
