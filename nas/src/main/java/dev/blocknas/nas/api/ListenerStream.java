package dev.blocknas.nas.api;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Bytes printed by a run, cut into lines (UTF-8, without separators) for a {@link SearchListener}. */
final class ListenerStream extends OutputStream {
    private final SearchListener listener;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ListenerStream(SearchListener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') emit();
        else line.write(b);
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) emit();
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        listener.line(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
