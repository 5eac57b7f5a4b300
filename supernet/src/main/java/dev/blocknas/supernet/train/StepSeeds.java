package dev.blocknas.supernet.train;

import dev.blocknas.tensor.Rng;

import java.util.SplittableRandom;

/**
 * Randomness of a training step as a pure function of where the step is, so that a run resumed from a
 * checkpoint draws exactly what the uninterrupted run would have drawn.
 */
final class StepSeeds {
    private StepSeeds() {}

    static long seed(long base, int phase, int epoch, int step, int block) {
        long z = Rng.mix(base ^ 0x243F6A8885A308D3L);
        z = Rng.mix(z + phase * 0x9E3779B97F4A7C15L);
        z = Rng.mix(z + epoch * 0xC2B2AE3D27D4EB4FL);
        z = Rng.mix(z + step * 0x165667B19E3779F9L);
        return Rng.mix(z + block * 0xD6E8FEB86659FD93L);
    }

    static SplittableRandom random(long base, int phase, int epoch, int step, int block) {
        return new SplittableRandom(seed(base, phase, epoch, step, block));
    }
}
