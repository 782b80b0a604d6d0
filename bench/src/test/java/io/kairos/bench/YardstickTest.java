package io.kairos.bench;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YardstickTest {
    @Test
    void oursAndEveryBaselineAreBenchmarkMethodsOfTheYardsticksClass() throws ClassNotFoundException {
        for (final Yardstick y : Yardstick.values()) {
            final Class<?> c = Class.forName(y.benchmarkClass());
            final List<String> methods = new ArrayList<>(y.baselines());
            methods.add(y.ours());
            for (final String name : methods) {
                boolean found = false;
                for (final Method m : c.getMethods()) {
                    found |= m.getName().equals(name) && m.isAnnotationPresent(Benchmark.class);
                }
                assertTrue(found, y + ": " + name + " is not a @Benchmark method of " + c.getSimpleName());
            }
            assertEquals(y, Yardstick.ofBenchmark(y.benchmarkClass() + "." + y.ours()).orElseThrow());
        }
    }

    @Test
    void theUsageTextListsEveryYardstick() {
        final String usage = BenchMain.commandLine().getUsageMessage();
        for (final Yardstick y : Yardstick.values()) {
            assertTrue(usage.contains("  " + y.name() + " "), y + " is missing from bin/jmh --help");
        }
    }
}
