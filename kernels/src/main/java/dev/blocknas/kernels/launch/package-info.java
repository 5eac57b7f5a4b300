/** Launching our PTX kernels: argument packing as the kernels' structs lay it out, fast integer division, launch checks. */
package dev.blocknas.kernels.launch;
