/** Finding and binding native libraries (libcublas, libcudnn) with java.lang.foreign, and their error codes. */
package dev.blocknas.kernels.ffm;
