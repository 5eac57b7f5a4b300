package dev.blocknas.layers.data;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * One pass over an epoch: keeps up to {@code prefetch} batch jobs in flight on the pool and
 * hands out their results strictly in batch order, so that delivery order never depends on which
 * worker finishes first.
 *
 * <p>Iterated by one consumer thread, but {@link #close()} may come from another (the loader's
 * {@code close()}), so the job queue is guarded and the wait for a job happens outside the lock.
 */
final class EpochRun implements BatchIterator {

    private final DataLoader loader;
    private final int[] order;
    private final int epoch;
    private final int end;
    private final ExecutorService pool;
    private final int prefetch;
    private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
    private int next; // next batch to hand out; consumer thread only
    private int submitted; // next batch to submit; guarded by this
    private volatile boolean closed;

    EpochRun(DataLoader loader, int[] order, int epoch, int from, int end, ExecutorService pool, int prefetch) {
        this.loader = loader;
        this.order = order;
        this.epoch = epoch;
        this.end = end;
        this.pool = pool;
        this.prefetch = prefetch;
        this.next = from;
        this.submitted = from;
        topUp();
    }

    @Override
    public boolean hasNext() {
        return !closed && next < end;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed ? "epoch iterator is closed" : "epoch " + epoch + " is finished");
        }
        Batch batch;
        if (pool == null) {
            try {
                batch = loader.load(order, epoch, next);
            } catch (RuntimeException | Error e) {
                close(); // same contract as with workers: a failed epoch stops
                throw e;
            }
        } else {
            Future<Batch> job;
            synchronized (this) {
                job = inFlight.poll();
            }
            if (job == null) {
                throw new IllegalStateException("epoch iterator was closed");
            }
            batch = await(job);
        }
        next++;
        topUp();
        if (next == end) {
            close();
        }
        return batch;
    }

    private Batch await(Future<Batch> job) {
        try {
            return job.get();
        } catch (ExecutionException e) {
            close();
            // Rethrow the worker's own exception so callers see e.g. the DataFormatException itself.
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("data loader worker failed: " + cause, cause);
        } catch (CancellationException e) {
            throw new IllegalStateException("epoch iterator was closed while waiting for batch " + next, e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for batch " + next + " of epoch " + epoch, e);
        }
    }

    private void topUp() {
        if (pool == null) {
            return;
        }
        RejectedExecutionException rejected = null;
        synchronized (this) {
            while (!closed && submitted < end && inFlight.size() < prefetch) {
                int b = submitted;
                try {
                    inFlight.add(pool.submit(() -> loader.load(order, epoch, b)));
                } catch (RejectedExecutionException e) {
                    rejected = e;
                    break;
                }
                submitted++;
            }
        }
        // Closed outside the lock: close() takes the loader's lock, which is taken before ours elsewhere.
        if (rejected != null) {
            close();
            throw new IllegalStateException("data loader is closed", rejected);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (Future<Batch> f : inFlight) {
                // No interrupt: a running job finishes its one batch and is discarded, which keeps
                // interrupts away from file reads inside data sets.
                f.cancel(false);
            }
            inFlight.clear();
        }
        loader.finished(this);
    }
}
