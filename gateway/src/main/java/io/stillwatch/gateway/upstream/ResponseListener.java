package io.stillwatch.gateway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;

/**
 * What one upstream call reports, always on the event loop that made the call, in this order:
 * {@link #onHead} once, {@link #onContent} any number of times, then {@link #onEnd}; or
 * {@link #onFailure} at any point instead of what is left. After {@link UpstreamCall#reset} nothing
 * more is reported. {@link #onReadComplete} follows each batch of content one socket read brought,
 * so a listener can flush what it relayed once per read; it does not follow the terminal event
 * ({@link #onEnd}, {@link #onFailure}), after which a listener flushes what it still holds. Response
 * trailers are not reported.
 */
public interface ResponseListener {
    /** The response head (status and headers; interim 1xx responses are not reported). */
    void onHead(HttpResponse head);

    /** Part of the body; valid only during the call: retain or copy what is kept. */
    void onContent(ByteBuf content);

    /** The response ended completely. */
    void onEnd();

    /** The socket read that delivered the latest content is processed. */
    void onReadComplete();

    /**
     * The call failed: {@code kind} is "connect" when no connection (or HTTP/2 stream) could be
     * opened, "reset" when the connection or stream broke before the response ended.
     */
    void onFailure(String kind, Throwable cause);
}
