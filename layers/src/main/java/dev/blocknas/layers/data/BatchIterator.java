package dev.blocknas.layers.data;

import java.util.Iterator;

/**
 * The batches of one epoch, in order. Closing it early (e.g. after a {@code break}) cancels the
 * batches still being prepared; an iterator that has been run to the end needs no closing.
 */
public interface BatchIterator extends Iterator<Batch>, AutoCloseable {

    /** Stops preparing further batches; {@link #hasNext()} is then false. */
    @Override
    void close();
}
