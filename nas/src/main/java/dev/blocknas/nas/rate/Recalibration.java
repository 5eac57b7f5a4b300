package dev.blocknas.nas.rate;

import dev.blocknas.layers.nn.BatchNorm2d;
import dev.blocknas.layers.nn.Module;
import dev.blocknas.tensor.Autograd;
import dev.blocknas.tensor.Scope;
import dev.blocknas.tensor.Tensor;

import java.util.function.Function;

/**
 * Batch-norm recalibration for one candidate, as DNA rates: the supernet's running statistics average over
 * every path trained, so before a candidate is evaluated its batch norms take the statistics of one
 * training batch run through exactly that path (momentum 1), then the module returns to eval mode.
 */
public final class Recalibration {
    private Recalibration() {}

    /** Runs {@code forward} once on {@code batch} with momentum-1 batch norm in the given modules. */
    public static void run(Tensor batch, Function<Tensor, Tensor> forward, Module... modules) {
        for (Module m : modules) {
            BatchNorm2d.configureAll(m, 1f, BatchNorm2d.DEFAULT_EPS);
            m.train(true);
        }
        try (Autograd.Mode ng = Autograd.noGrad(); Scope s = Scope.open()) {
            forward.apply(batch);
        } finally {
            for (Module m : modules) {
                BatchNorm2d.configureAll(m, BatchNorm2d.DEFAULT_MOMENTUM, BatchNorm2d.DEFAULT_EPS);
                m.train(false);
            }
        }
    }
}
