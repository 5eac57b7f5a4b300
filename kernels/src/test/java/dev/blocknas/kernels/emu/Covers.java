package dev.blocknas.kernels.emu;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The PTX entry points an emulation test checks against the CPU reference. Names may end in or contain
 * {@code *}. {@link Check} fails a passing test that did not launch every one of them, so a declaration cannot
 * outlive the check behind it; {@code EveryKernelIsEmulatedTest} fails when an entry point of the PTX is
 * declared by no test.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Covers {
    String[] value();

    /** Checks, after each passing test, that it launched what its {@link Covers} declares. */
    final class Check implements BeforeEachCallback, AfterEachCallback {
        /** The entry points {@code m} declares, resolved against the PTX (a pattern matching none is an error). */
        static Set<String> resolve(Method m) {
            Covers c = m.getAnnotation(Covers.class);
            Set<String> out = new TreeSet<>();
            if (c == null) return out;
            for (String pattern : c.value()) {
                Pattern p = Pattern.compile(Pattern.quote(pattern).replace("*", "\\E\\w*\\Q"));
                List<String> hits = new ArrayList<>();
                for (String e : PtxIndex.entries().keySet()) if (p.matcher(e).matches()) hits.add(e);
                if (hits.isEmpty()) {
                    throw new AssertionError(m.getName() + ": @Covers(\"" + pattern + "\") names no PTX entry point");
                }
                out.addAll(hits);
            }
            return out;
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            EmulatedGpu.resetLaunched();
        }

        @Override
        public void afterEach(ExtensionContext context) {
            if (context.getExecutionException().isPresent()) return;
            Set<String> missing = resolve(context.getRequiredTestMethod());
            missing.removeAll(EmulatedGpu.launched());
            if (!missing.isEmpty()) {
                throw new AssertionError(context.getRequiredTestMethod().getName()
                        + " declares @Covers for kernels it never launched: " + missing);
            }
        }
    }
}
