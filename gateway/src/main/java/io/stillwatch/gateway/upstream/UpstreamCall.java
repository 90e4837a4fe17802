package io.stillwatch.gateway.upstream;

/**
 * One request in flight to an upstream, as {@link UpstreamClient#send} returns it at once (the
 * connection may still be opening). Used only on the event loop that made it.
 */
public interface UpstreamCall {
    /** Stops reading the response (back-pressure: the client cannot take more yet). */
    void pause();

    /** Reads the response again after {@link #pause}. */
    void resume();

    /**
     * Abandons the call: nothing more is reported. HTTP/1.1 closes the connection unless the
     * response had already ended (then it is back in the pool); HTTP/2 resets the stream. A call
     * not yet connected is dropped when its connection opens. Idempotent.
     */
    void reset();
}
