/** cuDNN reached through java.lang.foreign: convolution and batch norm, and the life cycle of their descriptors. */
package dev.blocknas.kernels.dnn;
