package dev.blocknas.layers.nn;

import dev.blocknas.tensor.Rng;

/** A module that draws random numbers in training mode (dropout, drop-connect). */
public interface Stochastic {
    /** Replaces the generator the module draws from. */
    void setRng(Rng rng);
}
