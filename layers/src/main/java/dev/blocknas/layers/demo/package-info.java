/** A small convolutional network trained on the embedded MNIST digits: the first end-to-end check of the layers. */
package dev.blocknas.layers.demo;
