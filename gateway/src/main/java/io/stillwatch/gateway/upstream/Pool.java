package io.stillwatch.gateway.upstream;

import io.netty.handler.codec.http.FullHttpRequest;

/**
 * The connections of one event loop to one {@link Target}: HTTP/1.1 keep-alive ({@link Http1Pool})
 * or multiplexed HTTP/2 ({@link Http2Pool}). Used on that loop only.
 */
interface Pool {
    /**
     * Sends a complete request; the listener hears back on the pool's loop, never before this
     * returns. Takes ownership of {@code request}.
     */
    UpstreamCall send(FullHttpRequest request, ResponseListener listener);

    /** Number of open or opening connections (for tests and metrics). */
    int open();

    /** Closes every connection (calls on them fail with "reset") and fails the waiting calls. */
    void close();
}
