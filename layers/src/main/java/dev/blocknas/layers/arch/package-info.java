/**
 * Architectures as data and as compact strings ({@link dev.blocknas.layers.arch.ArchitectureCodec}), the
 * builder of whole networks from them, and their parameter and multiply-add counts computed from the
 * string alone.
 */
package dev.blocknas.layers.arch;
