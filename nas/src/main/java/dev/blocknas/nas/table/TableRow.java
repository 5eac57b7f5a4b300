package dev.blocknas.nas.table;

/**
 * One network of a ground-truth table trained stand-alone with one seed.
 *
 * @param architecture the whole network as an architecture string
 * @param params       parameters
 * @param madds        multiply-adds of one image
 * @param seed         seed of the weights and the data order
 * @param epochs       training epochs
 * @param testAccuracy accuracy on the test set
 * @param testLoss     mean cross-entropy on the test set
 * @param seconds      wall time of the training
 */
public record TableRow(String architecture, long params, long madds, long seed, int epochs, double testAccuracy,
                       double testLoss, double seconds) {}
