package dev.blocknas.bench.cpu;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JFR event spanning one phase (forward, backward, optimizer) of a {@link NetworkStep}. The profile reads the
 * intervals back to put every stack sample, including those of the pool threads whose stacks do not show which
 * phase they work for, into its phase; without a recording running, begin and commit cost next to nothing.
 */
@Name("dev.blocknas.bench.StepPhase")
@Label("Training step phase")
@Category("blocknas")
@Description("One phase of a whole-network training step in the CPU benchmarks")
@StackTrace(false)
final class StepPhaseEvent extends Event {
    @Label("Phase")
    String phase;

    StepPhaseEvent(String phase) {
        this.phase = phase;
    }
}
