/** Our depthwise convolution kernels (forward, data and filter gradients) and the plans that choose their tiles and launch shapes. */
package dev.blocknas.kernels.depthwise;
