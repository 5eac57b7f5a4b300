/**
 * Exact constrained selection of one candidate per block after block-wise rating.
 *
 * <p>A {@link dev.blocknas.nas.select.RatingsTable} holds every candidate's rating and costs (read from
 * and written to a small CSV file, resumably through {@link dev.blocknas.nas.select.RatingsWriter});
 * {@link dev.blocknas.nas.select.SelectableRatings} reads a file of any size for selection, keeping only
 * the options that can be among the best.
 * {@link dev.blocknas.nas.select.ExactSelector} finds the K networks with the lowest summed rating
 * within a {@link dev.blocknas.nas.select.Budget}, and {@link dev.blocknas.nas.select.ParetoFront}
 * gives the whole trade-off between summed rating and one cost. Both are exact: they return what
 * enumerating every network would return, without enumerating them.
 *
 * <p>Conventions shared by the package: the summed rating of a network is the exact real sum of its
 * options' ratings (reported rounded to the nearest double), so ties do not depend on the order of
 * addition; ties are broken by fewer total parameters, then by the candidate labels compared block by
 * block. Latency is summed at a resolution of one nanosecond, so that sums are exact and a budget of
 * 0.3 ms admits a network of 0.1 ms + 0.2 ms.
 */
package dev.blocknas.nas.select;
