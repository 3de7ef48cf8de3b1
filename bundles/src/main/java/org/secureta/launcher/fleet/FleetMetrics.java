package org.secureta.launcher.fleet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.secureta.provisioning.metrics.PrometheusText;
import org.secureta.provisioning.metrics.UnitMetrics;
import org.secureta.transport.UnitEvent;

/**
 * The fleet's figures in the Prometheus text format at {@code http://ADDRESS:PORT/metrics}: the
 * same series as a single unit's {@code /metrics} (docs/metrics.md), totalled over the fleet's
 * units, fed by every unit's events. Totals only: a series per unit would be thousands of series
 * per scrape. Plain HTTP on loopback by default; {@code --metrics-address} opens it to a pod's
 * network, where the scraper sits beside the fleet (docs/fleet.md). One thread serves it, so a
 * scraper cannot make the fleet hold more.
 */
final class FleetMetrics implements AutoCloseable {

    /** A scrape's request line and headers are small; anything else is refused. */
    private static final int MAX_QUERY = 1024;

    private final UnitMetrics metrics = new UnitMetrics();
    private final HttpServer server;
    private final ExecutorService worker;

    private FleetMetrics(HttpServer server, ExecutorService worker) {
        this.server = server;
        this.worker = worker;
    }

    /** Serves the metrics at {@code address:port} (port 0: a free one; see {@link #port()}). */
    static FleetMetrics start(String address, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 16);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fleet-metrics");
            t.setDaemon(true);
            return t;
        });
        FleetMetrics metrics = new FleetMetrics(server, worker);
        server.createContext("/", metrics::handle);
        server.setExecutor(worker);
        server.start();
        return metrics;
    }

    /** One unit's event, counted for that unit ({@code user}). */
    void accept(String user, UnitEvent event) {
        metrics.accept(user, event);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://" + server.getAddress().getHostString() + ":" + port() + "/metrics";
    }

    /** The exposition, as a scrape gets it. */
    String text() {
        return PrometheusText.write(metrics.snapshot(), false);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String query = exchange.getRequestURI().getRawQuery();
            if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
                plain(exchange, 404, "no such page: the fleet serves /metrics only\n");
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                plain(exchange, 405, method + " is not allowed on /metrics: use GET\n");
            } else if (query != null && query.length() > MAX_QUERY) {
                plain(exchange, 414, "the query is " + query.length() + " characters; /metrics takes none\n");
            } else {
                byte[] body = text().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
                if ("HEAD".equals(method)) {
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        }
    }

    private static void plain(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
        if (!"HEAD".equals(exchange.getRequestMethod())) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
    }
}
