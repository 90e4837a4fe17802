package io.stillwatch.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stillwatch.gateway.log.ExchangeLog;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's Prometheus meters: requests by api and status, latency, upstream errors, open streams, log backlog. */
final class GatewayMetrics {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> latency = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> upstreamErrors = new ConcurrentHashMap<>();
    final AtomicInteger openStreams = new AtomicInteger();

    GatewayMetrics(MeterRegistry registry, ExchangeLog log) {
        this.registry = registry;
        Gauge.builder("stillwatch_gateway_open_streams", openStreams, AtomicInteger::get)
                .description("streamed responses in flight").register(registry);
        Gauge.builder("stillwatch_exchange_log_backlog", log, ExchangeLog::backlog)
                .description("exchange records queued, not yet written").register(registry);
        Gauge.builder("stillwatch_exchange_log_blocked", log, ExchangeLog::blocked)
                .description("appends that waited because the queue was full").register(registry);
        Gauge.builder("stillwatch_exchange_log_dropped", log, ExchangeLog::dropped)
                .description("exchange records that could not be written").register(registry);
        Gauge.builder("stillwatch_exchange_log_written", log, ExchangeLog::written)
                .description("exchange records written").register(registry);
    }

    void exchange(String api, int status, long nanos) {
        requests.computeIfAbsent(api + '|' + status, k -> Counter.builder("stillwatch_gateway_requests")
                .tag("api", api).tag("status", Integer.toString(status))
                .description("exchanges by api and HTTP status").register(registry)).increment();
        latency.computeIfAbsent(api, k -> Timer.builder("stillwatch_gateway_latency")
                .tag("api", api).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .description("time to last byte").register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    void upstreamError(String upstream, String kind) {
        upstreamErrors.computeIfAbsent(upstream + '|' + kind, k -> Counter.builder("stillwatch_gateway_upstream_errors")
                .tag("upstream", upstream).tag("kind", kind)
                .description("upstream failures: connect, timeout, status, reset").register(registry)).increment();
    }
}
