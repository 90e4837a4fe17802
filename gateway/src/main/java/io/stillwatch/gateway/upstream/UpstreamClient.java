package io.stillwatch.gateway.upstream;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The upstream connections of one event loop: a pool per {@link Target}, HTTP/1.1 keep-alive
 * ({@link Http1Pool}) or multiplexed HTTP/2 ({@link Http2Pool}). A call and its upstream
 * connection live on the loop of the client connection that made it, so no event of an exchange
 * crosses threads. Confined to its loop.
 */
public final class UpstreamClient {
    /** Streams per HTTP/2 connection before another connection is opened. */
    static final int H2_STREAMS_PER_CONNECTION = 250;
    /** The HTTP/2 default initial stream window; the connection window is this times the streams. */
    static final int H2_STREAM_WINDOW = 65_535;
    /** HTTP/2 connections per target and loop (32,000 streams). */
    static final int H2_MAX_CONNECTIONS = 128;

    private final EventLoop loop;
    private final int maxHttp1Connections;
    private final Map<Target, Pool> pools = new HashMap<>();
    private SslContext tls;
    private SslContext tlsH2;

    /**
     * @param loop                the event loop every call and connection of this client runs on
     * @param maxHttp1Connections HTTP/1.1 connections per target on this loop; calls beyond wait for one
     */
    public UpstreamClient(EventLoop loop, int maxHttp1Connections) {
        this.loop = loop;
        this.maxHttp1Connections = maxHttp1Connections;
    }

    /**
     * Sends a complete request (head and body, with its Host, Content-Length and credential headers
     * set by the caller; the path is the request URI). Must be called on this client's loop; the
     * listener hears back on it. Takes ownership of {@code request}.
     */
    public UpstreamCall send(Target target, FullHttpRequest request, ResponseListener listener) {
        return pools.computeIfAbsent(target, this::newPool).send(request, listener);
    }

    private Pool newPool(Target t) {
        return t.http2()
                ? new Http2Pool(loop, t, t.tls() ? tlsH2() : null, H2_STREAMS_PER_CONNECTION, H2_STREAM_WINDOW,
                        H2_MAX_CONNECTIONS)
                : new Http1Pool(loop, t, t.tls() ? tls() : null, maxHttp1Connections);
    }

    /** Closes every pooled connection (calls in flight fail). */
    public void close() {
        pools.values().forEach(Pool::close);
    }

    private SslContext tls() {
        if (tls == null) {
            tls = build(SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS"));
        }
        return tls;
    }

    private SslContext tlsH2() {
        if (tlsH2 == null) {
            tlsH2 = build(SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS")
                    .applicationProtocolConfig(new io.netty.handler.ssl.ApplicationProtocolConfig(
                            io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
                            io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            io.netty.handler.ssl.ApplicationProtocolNames.HTTP_2)));
        }
        return tlsH2;
    }

    private static SslContext build(SslContextBuilder b) {
        try {
            return b.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for upstreams: " + e.getMessage(), e);
        }
    }
}
