package dev.blocknas.kernels;

import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import dev.blocknas.tensor.DeviceUnavailableException;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Without a usable GPU the provider explains why in one sentence, and asking for CUDA fails with it. */
class CudaBackendProviderTest {
    @Test
    void isRegisteredAsAServiceForCuda() {
        boolean found = false;
        for (var p : ServiceLoader.load(dev.blocknas.tensor.BackendProvider.class)) {
            if (p instanceof CudaBackendProvider) {
                found = true;
                assertEquals(Device.Kind.CUDA, p.kind());
            }
        }
        assertTrue(found, "META-INF/services registers CudaBackendProvider");
    }

    @Test
    void explainsInOneSentenceWhyCudaIsUnavailable() {
        String why = new CudaBackendProvider().unavailableReason();
        assumeTrue(why != null, "CUDA is usable on this machine");
        assertFalse(why.isBlank());
        assertTrue(why.endsWith("."), "a sentence ends with a full stop: " + why);
        assertFalse(why.contains("\n"), "one line: " + why);
        assertFalse(why.contains("Exception"), "no stack-trace words: " + why);
        assertEquals(why.indexOf(". "), -1, "one sentence: " + why);
        assertEquals(why, Backends.cudaUnavailableReason());
        assertFalse(Backends.cudaAvailable());
        assertEquals(Device.CPU, Device.auto());

        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> Backends.get(Device.cuda(0)));
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().endsWith(why), e.getMessage());
    }
}
