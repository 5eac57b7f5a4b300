package dev.blocknas.bench.cpu;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmarked networks are what their names and the docs say: the stated parameter and multiply-add counts
 * are the codec's, the built network has as many parameters (the peer runner compares DJL's count with the same
 * number), the cifar network is the cifar space's own, and a step trains (the loss falls on a repeated batch).
 * Nothing here is timed.
 */
class NetworkWorkloadTest {
    @Test
    void statedCountsAreTheCodecsAndTheBuiltNetworks() {
        for (NetworkWorkload w : NetworkWorkload.ALL) {
            assertEquals(w.params(), w.countedParams(), w.key() + " parameters");
            assertEquals(w.madds(), w.countedMadds(), w.key() + " multiply-adds");
            try (NetworkStep step = new NetworkStep(w, 2, 7)) {
                assertEquals(w.params(), step.parameterCount(), w.key() + " built parameters");
            }
        }
        assertEquals(332_730, NetworkWorkload.TEACHER_K5.params());
        assertEquals(14_716_192, NetworkWorkload.TEACHER_K5.madds());
    }

    @Test
    void theCifarNetworkIsTheCifarSpacesMidNetwork() {
        assertEquals(NetworkWorkload.cifarMidArchitecture(), NetworkWorkload.CIFAR_MID.arch());
    }

    @Test
    void repeatedStepsOnOneBatchReduceTheLoss() {
        try (NetworkStep step = new NetworkStep(NetworkWorkload.TEACHER_K3, 8, 7)) {
            float first = step.step();
            float last = first;
            for (int i = 0; i < 7; i++) last = step.step();
            assertTrue(last < 0.8f * first, "loss " + first + " -> " + last);
            assertTrue(step.forwardNanos > 0 && step.backwardNanos > 0 && step.optimizerNanos > 0, "phases timed");
        }
    }
}
