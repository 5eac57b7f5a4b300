package dev.blocknas.layers.demo;

import dev.blocknas.tensor.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine learns: the small CNN reaches at least 97% on the 1,996 embedded MNIST test digits. */
class MnistDemoTest {

    @Test
    void smallCnnReaches97PercentOnMnist() {
        MnistDemo.Result r = MnistDemo.run(Device.CPU, MnistDemo.DEFAULT_EPOCHS, 42);
        System.out.printf("MNIST test accuracy %.2f%% in %.1f s%n", 100 * r.testAccuracy(), r.seconds());
        assertTrue(r.testAccuracy() >= 0.97, "test accuracy " + r.testAccuracy());
        assertTrue(r.finalLoss() < 0.3, "final training loss " + r.finalLoss());
    }
}
