/** Training: the teacher, the block-wise trainers (DNA, DBNAS, DNA++, single path), whole networks from scratch, checkpoints with bit-identical resume. */
package dev.blocknas.supernet.train;
