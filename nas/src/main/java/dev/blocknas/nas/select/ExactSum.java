package dev.blocknas.nas.select;

import java.math.BigDecimal;

/**
 * The exact real sum of doubles, so that rating ties and orderings do not depend on the order of
 * addition (0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ as doubles but are the same network rating).
 *
 * <p>Held as an unevaluated pair {@code hi + lo} with {@code hi} the sum rounded to the nearest double
 * (error-free transformations); when the pair cannot hold the sum exactly (ratings spanning more than
 * about 100 binary orders of magnitude) it falls back to {@link BigDecimal}. The pair is canonical, so
 * equal sums have equal pairs and comparisons need no big numbers in the usual case.
 */
final class ExactSum implements Comparable<ExactSum> {
    private double hi;
    private double lo;
    private BigDecimal big;

    ExactSum() {}

    ExactSum(ExactSum other) {
        set(other);
    }

    static ExactSum of(double... values) {
        var s = new ExactSum();
        for (double v : values) {
            s.add(v);
        }
        return s;
    }

    void set(ExactSum other) {
        hi = other.hi;
        lo = other.lo;
        big = other.big;
    }

    /** Sets the sum to a value stored as {@link #hi()}, {@link #lo()} and {@link #big()}. */
    void set(double hi, double lo, BigDecimal big) {
        this.hi = hi;
        this.lo = lo;
        this.big = big;
    }

    /** Adds a value stored as {@link #hi()}, {@link #lo()} and {@link #big()}. */
    void add(double otherHi, double otherLo, BigDecimal otherBig) {
        if (otherBig != null || big != null) {
            big = exact().add(otherBig != null ? otherBig : new BigDecimal(otherHi).add(new BigDecimal(otherLo)));
            hi = big.doubleValue();
            return;
        }
        add(otherHi);
        add(otherLo);
    }

    /** The sum rounded to the nearest double (also when held as a big number). */
    double hi() {
        return hi;
    }

    /** The exact remainder {@code sum - hi}, meaningful only when {@link #big()} is null. */
    double lo() {
        return lo;
    }

    /** The sum when a pair of doubles cannot hold it exactly, else null. */
    BigDecimal big() {
        return big;
    }

    /** Compares two sums each stored as (hi, lo, big). */
    static int compare(double aHi, double aLo, BigDecimal aBig, double bHi, double bLo, BigDecimal bBig) {
        if (aBig == null && bBig == null) {
            if (aHi != bHi) {
                return aHi < bHi ? -1 : 1;
            }
            return aLo < bLo ? -1 : aLo > bLo ? 1 : 0;
        }
        var a = aBig != null ? aBig : new BigDecimal(aHi).add(new BigDecimal(aLo));
        var b = bBig != null ? bBig : new BigDecimal(bHi).add(new BigDecimal(bLo));
        return a.compareTo(b);
    }

    void clear() {
        hi = 0;
        lo = 0;
        big = null;
    }

    void add(double x) {
        if (big != null) {
            big = big.add(new BigDecimal(x));
            hi = big.doubleValue();
            return;
        }
        double s = hi + x;
        double e = twoSumError(hi, x, s);
        double t = lo + e;
        double f = twoSumError(lo, e, t);
        double h = s + t;
        double l = twoSumError(s, t, h);
        if (f != 0 || !Double.isFinite(h) || !Double.isFinite(l)) {
            big = exact().add(new BigDecimal(x));
            hi = big.doubleValue();
            return;
        }
        hi = h;
        lo = l;
    }

    /** The sum rounded to the nearest double. */
    double value() {
        return hi;
    }

    private BigDecimal exact() {
        return big != null ? big : new BigDecimal(hi).add(new BigDecimal(lo));
    }

    @Override
    public int compareTo(ExactSum o) {
        return compare(hi, lo, big, o.hi, o.lo, o.big);
    }

    /** Error of {@code s = fl(a + b)}: {@code a + b == s + error} exactly (Knuth's TwoSum). */
    private static double twoSumError(double a, double b, double s) {
        double bb = s - a;
        return (a - (s - bb)) + (b - bb);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExactSum s && compareTo(s) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(hi + 0.0); // -0.0 and 0.0 are equal sums
    }

    @Override
    public String toString() {
        return big != null ? big.toPlainString() : hi + (lo == 0 ? "" : " + " + lo);
    }
}
