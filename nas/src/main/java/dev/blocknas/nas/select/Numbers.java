package dev.blocknas.nas.select;

import java.math.BigDecimal;

/** Number formatting for messages. */
final class Numbers {
    private Numbers() {}

    /** The shortest decimal that reads back as {@code v}, without an exponent: 0.001 rather than 1.0E-3. */
    static String plain(double v) {
        return Double.isFinite(v)
                ? new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString()
                : Double.toString(v);
    }
}
