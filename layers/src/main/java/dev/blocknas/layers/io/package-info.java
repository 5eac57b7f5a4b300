/** Weight files in the safetensors format, readable and writable by Python's {@code safetensors}. */
package dev.blocknas.layers.io;
