package org.secureta.launcher.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the units of a lab hold, counted from outside them: the threads and the socket file
 * descriptors of this JVM (the units run in containers inside it; the lab's own helpers hold a
 * constant number), and the established TCP connections towards a server port (Linux's
 * {@code /proc/net/tcp}). A unit that leaks a reader thread or a socket per lost link shows
 * here after a proxy restart.
 *
 * @param threads        live threads of this JVM but the JDK's process reapers (the lab starts the proxy anew)
 * @param sockets        file descriptors of this JVM that are sockets
 * @param linksToServer  established TCP connections whose remote port is the server's
 * @param threadNames    the names of the live threads, to name a leaked one
 */
record LinkResources(int threads, int sockets, int linksToServer, List<String> threadNames) {

    LinkResources {
        threadNames = List.copyOf(threadNames);
    }

    static LinkResources count(int serverPort) throws IOException {
        // The JDK's own threads for the proxy's process (it was started anew) are the lab's, not the units'.
        List<String> names = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> !n.startsWith("process reaper")).sorted().toList();
        return new LinkResources(names.size(), socketDescriptors(), establishedTo(serverPort), names);
    }

    /** Names of the threads alive now that were not (as many times) in {@code before}. */
    List<String> newThreadsSince(LinkResources before) {
        java.util.List<String> left = new java.util.ArrayList<>(threadNames);
        before.threadNames.forEach(left::remove);
        return left;
    }

    /** No more threads and sockets than {@code before}, and as many links to the server. */
    boolean noMoreThan(LinkResources before) {
        return threads <= before.threads && sockets <= before.sockets && linksToServer == before.linksToServer;
    }

    private static int socketDescriptors() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        int count = 0;
        try (Stream<Path> all = Files.list(fds)) {
            for (Path fd : all.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        count++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor of the listing itself, or one closed since
                }
            }
        }
        return count;
    }

    /** Whether the TCP connection from local port {@code localPort} to remote port {@code remotePort} is established now. */
    static boolean established(int localPort, int remotePort) throws IOException {
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 3 && f[1].contains(":") && f[2].contains(":") && f[3].equals("01")
                        && Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16) == localPort
                        && Integer.parseInt(f[2].substring(f[2].lastIndexOf(':') + 1), 16) == remotePort) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int establishedTo(int port) throws IOException {
        int count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                // sl local_address rem_address st ...; addresses are HEXIP:HEXPORT, state 01 is ESTABLISHED
                String[] f = line.strip().split("\\s+");
                if (f.length > 3 && f[2].contains(":") && f[3].equals("01")) {
                    String remotePort = f[2].substring(f[2].lastIndexOf(':') + 1);
                    if (Integer.parseInt(remotePort, 16) == port) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    @Override
    public String toString() {
        return threads + " threads, " + sockets + " sockets, " + linksToServer + " TCP link(s) to the proxy";
    }
}
