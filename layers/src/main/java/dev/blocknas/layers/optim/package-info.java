/**
 * Optimizers over {@link dev.blocknas.layers.nn.Parameter}s, built on the backend's in-place update
 * primitives: SGD (momentum, Nesterov), RMSprop, Adam/AdamW; weight decay is skipped where a parameter's
 * {@code decay()} is false; state saves and restores bit-identically.
 */
package dev.blocknas.layers.optim;
