package dev.blocknas.supernet.train;

/** Accuracy and mean cross-entropy of a network on a data set. */
public record Evaluation(double accuracy, double loss, int images) {}
