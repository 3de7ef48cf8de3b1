package org.secureta.transport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * What a peer can make a unit hold: its connection threads (JAIN-SIP's channel and parser
 * threads) and this process's open file descriptors. A test takes a level, lets the peer do
 * its worst, and awaits the level again.
 */
public record UnitResources(long connectionThreads, long openFiles) {

    public static UnitResources now() {
        long threads = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("TLSMessageChannelThread") || n.startsWith("PipelineThread")).count();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return new UnitResources(threads, fds.count());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until threads and descriptors are back at (or below) {@code level}; the last reading if not. */
    public static UnitResources awaitLevel(UnitResources level, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        UnitResources current = now();
        while (System.nanoTime() < deadline && !current.within(level)) {
            Thread.sleep(50);
            current = now();
        }
        return current;
    }

    public boolean within(UnitResources level) {
        return connectionThreads <= level.connectionThreads && openFiles <= level.openFiles;
    }
}
