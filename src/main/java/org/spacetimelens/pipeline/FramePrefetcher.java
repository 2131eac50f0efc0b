package org.spacetimelens.pipeline;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.spacetimelens.render.IndexedFrame;
import org.spacetimelens.video.VideoException;
import org.spacetimelens.video.VideoSource;

/**
 * Source frames {@code from..to} decoded on a worker thread a few frames ahead of the consumer, so decoding
 * overlaps rendering (and the overlay writer's own encoding thread): on a 2-core machine the three stages then
 * keep both cores busy instead of decoding and rendering taking turns on one. Iterable once; a decoding
 * failure is rethrown by {@link #next} as {@link Failed}. Close it to stop the worker early.
 */
final class FramePrefetcher implements Iterable<IndexedFrame>, AutoCloseable {

    /** Frames decoded ahead: enough to ride out an uneven frame, few enough to keep memory small (~3 MB each at 720p). */
    private static final int AHEAD = 4;

    /** A decoding failure carried through the iterator; {@link #getCause()} is the video's exception. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(VideoException cause) {
            super(cause);
        }

        @Override
        public synchronized VideoException getCause() {
            return (VideoException) super.getCause();
        }
    }

    private record Failure(VideoException error) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread worker;
    private volatile boolean stopped;
    private final int from;
    private final int to;
    private boolean iterated;

    FramePrefetcher(VideoSource source, int from, int to) {
        this.from = from;
        this.to = to;
        worker = new Thread(() -> {
            try {
                for (int i = from; i <= to && !stopped; i++) {
                    try {
                        queue.put(new IndexedFrame(i, source.frame(i)));
                    } catch (VideoException e) {
                        queue.put(new Failure(e));
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closed early: stop quietly
            }
        }, "overlay-video-decoder");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public Iterator<IndexedFrame> iterator() {
        if (iterated) {
            throw new IllegalStateException("the frames can be iterated once");
        }
        iterated = true;
        return new Iterator<>() {
            private int next = from;

            @Override
            public boolean hasNext() {
                return next <= to;
            }

            @Override
            public IndexedFrame next() {
                if (next > to) {
                    throw new NoSuchElementException();
                }
                Object item;
                try {
                    item = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Failed(new VideoException(VideoException.Kind.CANCELLED, null,
                            "interrupted while waiting for frame " + next));
                }
                if (item instanceof Failure f) {
                    next = to + 1;
                    throw new Failed(f.error());
                }
                next++;
                return (IndexedFrame) item;
            }
        };
    }

    /** Stops the worker (if still decoding) and waits for it, so the source can be closed safely. */
    @Override
    public void close() {
        stopped = true; // also when a decoder swallows the interrupt
        worker.interrupt();
        boolean interrupted = false;
        while (worker.isAlive()) {
            queue.clear(); // a worker blocked on a full queue (e.g. putting its failure) gets room to finish
            try {
                worker.join(50);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
