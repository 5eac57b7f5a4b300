package dev.blocknas.nas.cli;

import dev.blocknas.tensor.Backends;
import dev.blocknas.tensor.Device;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code blocknas info}: devices, driver and library versions, or why CUDA is not available. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the devices and libraries blocknas can use.")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("java:   " + System.getProperty("java.vm.name") + " " + Runtime.version());
        System.out.println("cpu:    " + Backends.cpu().describe());
        String why = Backends.cudaUnavailableReason();
        if (why == null) {
            System.out.println("cuda:   " + Backends.get(Device.cuda(0)).describe());
        } else {
            System.out.println("cuda:   not available: " + why);
        }
        System.out.println("default device: " + Device.auto());
        return 0;
    }
}
