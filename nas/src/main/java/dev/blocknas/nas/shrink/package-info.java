/** BS-NAS shrinking: switching off each layer's worst operations by their stratified supernet score. */
package dev.blocknas.nas.shrink;
