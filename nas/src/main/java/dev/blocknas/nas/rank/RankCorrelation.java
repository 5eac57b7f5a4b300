package dev.blocknas.nas.rank;

import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * How well supernet ratings rank networks: Kendall's tau-b, Spearman's rho and Pearson's r between the
 * negated ratings (a loss falls as accuracy rises) and the stand-alone accuracies.
 */
public record RankCorrelation(double kendallTau, double spearmanRho, double pearsonR, int networks) {

    public static RankCorrelation of(double[] ratings, double[] accuracies) {
        if (ratings.length != accuracies.length || ratings.length < 3) {
            throw new IllegalArgumentException(
                    "ranking quality needs at least 3 networks with a rating and an accuracy each");
        }
        double[] score = new double[ratings.length];
        for (int i = 0; i < score.length; i++) score[i] = -ratings[i];
        return new RankCorrelation(new KendallsCorrelation().correlation(score, accuracies),
                new SpearmansCorrelation().correlation(score, accuracies),
                new PearsonsCorrelation().correlation(score, accuracies), score.length);
    }
}
