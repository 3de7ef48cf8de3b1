package org.secureta.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold start of a unit: from framework creation to every bundle active and the profile applied,
 * once per fresh JVM (single shot, no warm-up: that is what an engineer waits for).
 * Run: bundles/bench/startup.sh
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(10)
public class ContainerStartupBenchmark {

    @Benchmark
    public int startToAllBundlesActive() throws Exception {
        Path dist = Path.of(System.getProperty("secureta.dist"));
        Path home = Files.createTempDirectory("secureta-bench");
        LaunchOptions options = new LaunchOptions(dist, home, Optional.of(dist.resolve("profiles/demo.profile")), false, false);
        try (Container container = Container.start(options)) {
            if (!container.awaitReady(Duration.ofSeconds(60))) {
                throw new IllegalStateException("not ready: " + Main.readyProblem(container));
            }
            return container.bundleCount();
        }
    }
}
