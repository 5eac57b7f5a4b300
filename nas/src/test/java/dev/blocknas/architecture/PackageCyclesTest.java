package dev.blocknas.architecture;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No two packages of the main sources of all modules depend on each other, directly or around a loop, so
 * every package can be read, tested and replaced from the bottom up. Dependencies are read from the sources:
 * imports and fully qualified names in code (comments and strings removed). There is no exception: where a
 * lower package must reach one built on it (the backends, {@code Tensor}'s fluent methods), it does so
 * through an interface of its own that the upper package implements as a service.
 */
class PackageCyclesTest {
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.blocknas(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void noPackageCycles() {
        Map<String, Set<String>> deps = dependencies();
        assertTrue(deps.size() > 30, "the sources were found: " + deps.keySet());
        List<String> cycles = new ArrayList<>();
        for (List<String> c : stronglyConnected(deps)) {
            if (c.size() < 2) continue;
            cycles.add(String.join(" <-> ", new TreeSet<>(c)) + " " + edgesWithin(c, deps));
        }
        assertEquals(List.of(), cycles, "package cycles");
    }

    @Test
    void theCheckFindsACycle() {
        Map<String, Set<String>> deps = new TreeMap<>(
                Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        List<List<String>> found = stronglyConnected(deps).stream().filter(c -> c.size() > 1).toList();
        assertEquals(1, found.size());
        assertEquals(Set.of("a", "b", "c"), new TreeSet<>(found.get(0)));
    }

    private static String edgesWithin(List<String> c, Map<String, Set<String>> deps) {
        List<String> edges = new ArrayList<>();
        for (String a : c) for (String b : deps.getOrDefault(a, Set.of())) if (c.contains(b)) edges.add(a + " -> " + b);
        return edges.toString();
    }

    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> deps = new TreeMap<>();
        for (Path f : Sources.of("src/main/java")) {
            String code = withoutCommentsAndStrings(Sources.read(f));
            Matcher pm = PACKAGE.matcher(code);
            if (!pm.find()) continue;
            String pkg = pm.group(1);
            Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
            Matcher r = REFERENCE.matcher(code.substring(pm.end()));
            while (r.find()) if (!r.group(1).equals(pkg)) out.add(r.group(1));
        }
        return deps;
    }

    /** Drops comments and string literals, so that names in Javadoc or messages are not dependencies. */
    static String withoutCommentsAndStrings(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ")
                .replaceAll("(?s)\"\"\".*?\"\"\"", "\"\"")
                .replaceAll("\"(?:\\\\.|[^\"\\\\\n])*\"", "\"\"");
    }

    /** Tarjan's strongly connected components, iterative so deep graphs cannot overflow the stack. */
    static List<List<String>> stronglyConnected(Map<String, Set<String>> deps) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String start : deps.keySet()) {
            if (index.containsKey(start)) continue;
            Deque<Object[]> work = new ArrayDeque<>();
            work.push(new Object[] {start, deps.getOrDefault(start, Set.of()).iterator()});
            index.put(start, counter[0]);
            low.put(start, counter[0]++);
            stack.push(start);
            onStack.add(start);
            while (!work.isEmpty()) {
                Object[] frame = work.peek();
                String v = (String) frame[0];
                @SuppressWarnings("unchecked")
                java.util.Iterator<String> it = (java.util.Iterator<String>) frame[1];
                if (it.hasNext()) {
                    String w = it.next();
                    if (!index.containsKey(w)) {
                        index.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(new Object[] {w, deps.getOrDefault(w, Set.of()).iterator()});
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = (String) work.peek()[0];
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    List<String> comp = new ArrayList<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        comp.add(w);
                    } while (!w.equals(v));
                    out.add(comp);
                }
            }
        }
        return out;
    }
}
