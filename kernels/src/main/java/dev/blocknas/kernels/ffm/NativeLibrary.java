package dev.blocknas.kernels.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * A shared library opened by name through java.lang.foreign (the dynamic loader's search path applies),
 * and downcall handles for the functions we use from it. cuBLAS and cuDNN are reached this way because
 * the JCuda wrappers for them need libraries (libcublas.so.12, libcudnn.so.8) a CUDA 13 machine lacks.
 */
@SuppressWarnings("restricted") // loading native libraries is the point of this class
public final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    private final String name;
    private final SymbolLookup lookup;

    private NativeLibrary(String name, SymbolLookup lookup) {
        this.name = name;
        this.lookup = lookup;
    }

    /**
     * Opens the first of {@code names} the loader finds (the system property {@code property}, when set,
     * names a file to use instead).
     *
     * @throws LibraryNotFoundException saying in one sentence which names were tried
     */
    public static NativeLibrary open(String property, String... names) {
        String override = property == null ? null : System.getProperty(property);
        String[] candidates = override != null ? new String[] {override} : names;
        for (String n : candidates) {
            try {
                return new NativeLibrary(n, SymbolLookup.libraryLookup(n, Arena.global()));
            } catch (IllegalArgumentException | IllegalCallerException e) {
                // not found (or native access denied): try the next name
            }
        }
        throw new LibraryNotFoundException(String.join(" or ", candidates) + " was not found.");
    }

    /** True when one of {@code names} can be loaded. */
    public static boolean loadable(String... names) {
        for (String n : names) {
            try {
                SymbolLookup.libraryLookup(n, Arena.global());
                return true;
            } catch (IllegalArgumentException | IllegalCallerException e) {
                // try the next
            }
        }
        return false;
    }

    /** The file name that was opened. */
    public String name() {
        return name;
    }

    /** A downcall handle for {@code symbol} with the C signature {@code descriptor}. */
    public MethodHandle function(String symbol, FunctionDescriptor descriptor) {
        MemorySegment address = lookup.find(symbol).orElseThrow(
                () -> new LibraryNotFoundException(name + " has no function " + symbol + "."));
        return LINKER.downcallHandle(address, descriptor);
    }

    /** A library or one of its functions is missing. */
    public static final class LibraryNotFoundException extends RuntimeException {
        public LibraryNotFoundException(String message) {
            super(message);
        }
    }
}
