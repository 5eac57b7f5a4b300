package dev.blocknas.tensor;

import java.util.Locale;

/**
 * Where a tensor lives: the CPU, or one CUDA GPU by index.
 *
 * <p>{@link #auto()} picks the first CUDA device when a CUDA backend is installed and usable, else the CPU.
 */
public record Device(Kind kind, int index) {

    /** Device families. */
    public enum Kind {
        CPU,
        CUDA
    }

    /** The host. */
    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        if (index < 0) throw new IllegalArgumentException("device index must be >= 0, got " + index);
        if (kind == Kind.CPU && index != 0) throw new IllegalArgumentException("the CPU device has index 0 only");
    }

    /** CUDA device {@code index}. */
    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /** The best device available on this machine: CUDA 0 when usable, else CPU. */
    public static Device auto() {
        return Backends.cudaAvailable() ? cuda(0) : CPU;
    }

    /**
     * Parses {@code cpu}, {@code cuda}, {@code cuda:N}, {@code gpu} or {@code auto}.
     *
     * @throws IllegalArgumentException with a one-sentence message for anything else
     */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "auto" :
                return auto();
            case "cpu" :
                return CPU;
            case "cuda", "gpu" :
                return cuda(0);
            default :
                if (t.startsWith("cuda:")) {
                    try {
                        return cuda(Integer.parseInt(t.substring(5)));
                    } catch (NumberFormatException e) {
                        // fall through to the message below
                    }
                }
                throw new IllegalArgumentException("Unknown device \"" + text + "\": use cpu, cuda, cuda:N or auto.");
        }
    }

    public boolean isCuda() {
        return kind == Kind.CUDA;
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
