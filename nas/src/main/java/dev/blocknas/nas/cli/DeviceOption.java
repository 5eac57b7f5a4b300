package dev.blocknas.nas.cli;

import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import picocli.CommandLine.Option;

/** The {@code --device} option shared by the commands that compute. */
final class DeviceOption {
    @Option(names = "--device", defaultValue = "auto",
            description = "cpu, cuda, cuda:N or auto (default: ${DEFAULT-VALUE}: CUDA when usable)")
    String device;

    /** The device, opened (so a missing GPU fails here, with one sentence). */
    Device open() {
        Device d = Device.parse(device);
        Backends.get(d);
        return d;
    }
}
