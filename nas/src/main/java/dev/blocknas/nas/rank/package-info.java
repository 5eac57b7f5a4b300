/** Rank correlations (Kendall tau-b, Spearman, Pearson) between ratings and accuracies. */
package dev.blocknas.nas.rank;
