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
    private final ConcurrentHashMap<String, ApiMeters> byApi = new ConcurrentHashMap<>();
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
        ApiMeters m = byApi.computeIfAbsent(api, this::apiMeters);
        Counter c = status >= 100 && status < 600 ? m.byStatus[status - 100] : null;
        if (c == null) { // first time this status is seen (racing threads register the same meter once)
            c = Counter.builder("stillwatch_gateway_requests").tag("api", api).tag("status", Integer.toString(status))
                    .description("exchanges by api and HTTP status").register(registry);
            if (status >= 100 && status < 600) {
                m.byStatus[status - 100] = c;
            }
        }
        c.increment();
        m.latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The meters of one api, looked up once per exchange without building a key string. */
    private record ApiMeters(Timer latency, Counter[] byStatus) {
    }

    private ApiMeters apiMeters(String api) {
        return new ApiMeters(Timer.builder("stillwatch_gateway_latency")
                .tag("api", api).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .description("time to last byte").register(registry), new Counter[500]);
    }

    void upstreamError(String upstream, String kind) {
        upstreamErrors.computeIfAbsent(upstream + '|' + kind, k -> Counter.builder("stillwatch_gateway_upstream_errors")
                .tag("upstream", upstream).tag("kind", kind)
                .description("upstream failures: connect, timeout, status, reset").register(registry)).increment();
    }
}
