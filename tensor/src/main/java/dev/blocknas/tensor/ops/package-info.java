/** The differentiable operations and their gradient rules: elementwise, linear algebra, convolutions, normalisation, pooling, reductions, losses, dropout and views. */
package dev.blocknas.tensor.ops;
