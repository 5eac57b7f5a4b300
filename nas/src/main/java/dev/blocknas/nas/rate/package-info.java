/** Rating every candidate of every block on held-out data: DNA's distance to the teacher, DBNAS's deep-supervision loss, DNA++'s self-supervised loss. */
package dev.blocknas.nas.rate;
