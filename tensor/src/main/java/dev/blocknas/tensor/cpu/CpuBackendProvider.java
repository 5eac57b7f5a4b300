package dev.blocknas.tensor.cpu;

import dev.blocknas.tensor.Backend;
import dev.blocknas.tensor.BackendProvider;
import dev.blocknas.tensor.Device;

/** Registers the CPU backend through the same service mechanism as every other device's. */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public Device.Kind kind() {
        return Device.Kind.CPU;
    }

    @Override
    public String unavailableReason() {
        return null;
    }

    @Override
    public Backend open(Device device) {
        return new CpuBackend();
    }
}
