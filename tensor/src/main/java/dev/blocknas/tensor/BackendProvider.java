package dev.blocknas.tensor;

/**
 * Service interface through which device backends register ({@code META-INF/services}); the tensor module
 * knows no engine but the CPU.
 */
public interface BackendProvider {

    /** The device family served. */
    Device.Kind kind();

    /** Null when the backend can run on this machine, else one sentence saying why not. */
    String unavailableReason();

    /** Opens the backend for one device; called at most once per device by {@link Backends}. */
    Backend open(Device device);
}
