/** blocknas supernet module: see the module map in the project README. */
package dev.blocknas.supernet;
