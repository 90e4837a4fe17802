package io.stillwatch.gateway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Records what a call reports (on the loop); outcome completes with "end" or "failure:KIND". */
class RecordingListener implements ResponseListener {
    final List<String> events = new ArrayList<>();
    final StringBuilder body = new StringBuilder();
    final CompletableFuture<String> outcome = new CompletableFuture<>();
    /** Completes at the first content reported: the response is under way. */
    final CompletableFuture<Void> firstContent = new CompletableFuture<>();
    volatile UpstreamCall call;
    volatile HttpResponse head;
    volatile Throwable failure;

    @Override
    public void onHead(HttpResponse head) {
        this.head = head;
        record("head");
    }

    @Override
    public void onContent(ByteBuf content) {
        synchronized (this) {
            body.append(content.toString(StandardCharsets.UTF_8));
        }
        record("content");
        firstContent.complete(null);
    }

    @Override
    public void onEnd() {
        record("end");
        outcome.complete("end");
    }

    @Override
    public void onReadComplete() {
        if (!events.isEmpty() && events.get(events.size() - 1).equals("readComplete")) {
            return; // one is enough to show where reads ended
        }
        record("readComplete");
    }

    @Override
    public void onFailure(String kind, Throwable cause) {
        failure = cause;
        record("failure:" + kind);
        outcome.complete("failure:" + kind);
    }

    void record(String event) {
        if (outcome.isDone()) {
            events.add("AFTER-END:" + event);
            outcome.obtrudeValue("reported after the end: " + event);
        }
        events.add(event);
    }

    synchronized String body() {
        return body.toString();
    }
}
