package bot.volvox.platform.testing.bench;

import java.util.Arrays;

/**
 * Latency of a request measured the same way by every API benchmark: {@code rounds} calls one after the other, each
 * timed alone, reported as p50 and p99. So the numbers of different services' READMEs compare.
 */
public final class Latency {
    private final long[] sortedMicros;

    private Latency(long[] sortedMicros) {
        this.sortedMicros = sortedMicros;
    }

    /** One measured call (an HTTP request, a query awaited on a Vert.x context, …). */
    @FunctionalInterface
    public interface Request {
        Object call() throws Throwable;
    }

    /** Calls {@code request} {@code rounds} times; a failing call fails the benchmark. */
    public static Latency measure(int rounds, Request request) {
        long[] micros = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            try {
                request.call();
            } catch (Throwable e) {
                throw new IllegalStateException("a measured request failed", e);
            }
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        Arrays.sort(micros);
        return new Latency(micros);
    }

    /** The {@code p}-th percentile in microseconds (nearest rank). */
    public long percentile(int p) {
        return sortedMicros[Math.min(sortedMicros.length - 1,
                Math.max(0, (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1))];
    }

    /** How many times slower this one's median is than {@code baseline}'s. */
    public double medianOver(Latency baseline) {
        return (double) percentile(50) / baseline.percentile(50);
    }

    @Override
    public String toString() {
        return String.format("p50 %.2f ms, p99 %.2f ms", percentile(50) / 1000.0, percentile(99) / 1000.0);
    }
}
