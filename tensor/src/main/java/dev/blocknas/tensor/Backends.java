package dev.blocknas.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of open backends, one per device, opened on first use. Every device's backend, the CPU's
 * included, comes from a {@link BackendProvider} found through {@link ServiceLoader}.
 */
public final class Backends {
    private static final Map<Device, Backend> OPEN = new ConcurrentHashMap<>();
    private static volatile List<BackendProvider> providers;

    private Backends() {}

    /** The CPU backend. */
    public static Backend cpu() {
        return get(Device.CPU);
    }

    /**
     * The backend of {@code device}, opening it on first use.
     *
     * @throws DeviceUnavailableException with one sentence saying why the device cannot be used
     */
    public static Backend get(Device device) {
        Backend b = OPEN.get(device);
        if (b != null) return b;
        synchronized (Backends.class) {
            b = OPEN.get(device);
            if (b == null) {
                b = open(device);
                OPEN.put(device, b);
            }
            return b;
        }
    }

    private static Backend open(Device device) {
        BackendProvider p = provider(device.kind());
        if (p == null && device.kind() == Device.Kind.CPU) {
            throw new IllegalStateException(
                    "The CPU backend is not registered: the tensor module's META-INF/services is missing from the class path.");
        }
        if (p == null) {
            throw new DeviceUnavailableException(device + " was requested but CUDA is not available: "
                    + "the CUDA backend (module kernels) is not on the class path.");
        }
        String why = p.unavailableReason();
        if (why != null) {
            throw new DeviceUnavailableException(device + " was requested but CUDA is not available: " + why);
        }
        return p.open(device);
    }

    /** True when a CUDA backend is installed and can run here. */
    public static boolean cudaAvailable() {
        return cudaUnavailableReason() == null;
    }

    /** Null when CUDA is usable, else one sentence saying why not. */
    public static String cudaUnavailableReason() {
        BackendProvider p = provider(Device.Kind.CUDA);
        if (p == null) return "the CUDA backend (module kernels) is not on the class path.";
        return p.unavailableReason();
    }

    private static BackendProvider provider(Device.Kind kind) {
        for (BackendProvider p : providers()) {
            if (p.kind() == kind) return p;
        }
        return null;
    }

    private static List<BackendProvider> providers() {
        List<BackendProvider> ps = providers;
        if (ps == null) {
            ps = new ArrayList<>();
            for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) ps.add(p);
            providers = ps;
        }
        return ps;
    }

    /** Closes every open backend (their tensors become unusable). Mainly for tests and program exit. */
    public static synchronized void closeAll() {
        for (Backend b : OPEN.values()) b.close();
        OPEN.clear();
    }
}
