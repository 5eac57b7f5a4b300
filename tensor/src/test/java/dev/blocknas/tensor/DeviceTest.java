package dev.blocknas.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceTest {

    @Test
    void parsesDeviceNames() {
        assertEquals(Device.CPU, Device.parse("CPU"));
        assertEquals(Device.cuda(0), Device.parse("cuda"));
        assertEquals(Device.cuda(2), Device.parse("cuda:2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        assertEquals("Unknown device \"tpu\": use cpu, cuda, cuda:N or auto.", e.getMessage());
    }

    @Test
    void askingForCudaWithoutItFailsWithOneSentence() {
        // the tensor module alone carries no CUDA backend
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> Backends.get(Device.cuda(0)));
        assertTrue(e.getMessage().startsWith("cuda:0 was requested but CUDA is not available: "), e.getMessage());
        assertEquals(Device.CPU, Device.auto());
    }

    @Test
    void shapeErrorsNameTheShapes() {
        try (Scope s = Scope.open()) {
            Tensor a = Tensor.zeros(Device.CPU, 2, 3);
            Tensor b = Tensor.zeros(Device.CPU, 4);
            ShapeException e = assertThrows(ShapeException.class, () -> a.add(b));
            assertEquals("shapes [2, 3] and [4] do not broadcast", e.getMessage());
        }
    }
}
