package dev.blocknas.nas.run;

import me.tongfei.progressbar.ProgressBarConsumer;

import java.io.PrintStream;

/**
 * Progress for output that is not a terminal (a log, CI): instead of redrawing one line with carriage
 * returns, it prints the bar as a plain line at most every {@code periodMillis}, and once at the end.
 */
final class LineProgressConsumer implements ProgressBarConsumer {
    private final PrintStream out;
    private final long periodMillis;
    private long lastPrint;
    private String last;

    LineProgressConsumer(PrintStream out, long periodMillis) {
        this.out = out;
        this.periodMillis = periodMillis;
    }

    @Override
    public int getMaxRenderedLength() {
        return 110;
    }

    @Override
    public void accept(String rendered) {
        last = rendered;
        long now = System.currentTimeMillis();
        if (now - lastPrint >= periodMillis) {
            lastPrint = now;
            out.println(rendered.strip());
        }
    }

    @Override
    public void close() {
        if (last != null && System.currentTimeMillis() != lastPrint) out.println(last.strip());
    }
}
