package io.stillwatch.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;
import io.stillwatch.gateway.upstream.ResponseListener;
import io.stillwatch.gateway.upstream.UpstreamCall;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * {@code GET /v1/models} for a gateway with several upstreams: asks each upstream of the routes (in
 * route order) for its list and answers with the models the gateway would route back to the
 * upstream that listed them, each id once, so a client sees exactly what it can call. An upstream
 * that fails or answers an error leaves its models out; when none answers, the listing fails.
 * Confined to the exchange's event loop.
 */
final class ModelListing {
    private static final int MAX_BODY = 8 << 20;

    private final Router router;
    private final List<Upstream> upstreams;
    private final byte[][] bodies;
    private final List<UpstreamCall> calls = new ArrayList<>();
    private final Consumer<byte[]> listed;
    private final Consumer<Throwable> failed;
    private int pending;
    private Throwable lastFailure;
    private boolean over;

    /**
     * @param listed called once with the merged list's JSON, or
     * @param failed called once with the last failure when no upstream answered a list
     */
    ModelListing(Router router, Consumer<byte[]> listed, Consumer<Throwable> failed) {
        this.router = router;
        this.upstreams = router.upstreams();
        this.bodies = new byte[upstreams.size()][];
        this.listed = listed;
        this.failed = failed;
    }

    /** Asks every upstream: {@code send} sends the listing request to one and reports to the listener. */
    void start(BiFunction<Upstream, ResponseListener, UpstreamCall> send) {
        pending = upstreams.size();
        for (int i = 0; i < upstreams.size(); i++) {
            calls.add(send.apply(upstreams.get(i), new Answer(i)));
        }
    }

    /** Abandons every call still under way; nothing is reported after. */
    void reset() {
        over = true;
        calls.forEach(UpstreamCall::reset);
    }

    private void answered(int index, byte[] body, Throwable failure) {
        if (over) {
            return;
        }
        bodies[index] = body;
        if (failure != null) {
            lastFailure = failure;
        }
        if (--pending > 0) {
            return;
        }
        over = true;
        ObjectNode list = ResponseObserver.JSON.createObjectNode().put("object", "list");
        ArrayNode data = list.putArray("data");
        Set<String> seen = new HashSet<>();
        boolean any = false;
        for (int i = 0; i < bodies.length; i++) {
            JsonNode root = bodies[i] == null ? null : ResponseObserver.parse(bodies[i]);
            if (root == null || !root.path("data").isArray()) {
                continue;
            }
            any = true;
            for (JsonNode model : root.path("data")) {
                String id = model.path("id").asText("");
                // identity: the route must lead to this very upstream, not merely an equal one
                if (!id.isEmpty() && router.route(id).orElse(null) == upstreams.get(i) && seen.add(id)) {
                    data.add(model);
                }
            }
        }
        if (any) {
            listed.accept(list.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            failed.accept(lastFailure);
        }
    }

    /** One upstream's answer: its body when it is a 200, else nothing. */
    private final class Answer implements ResponseListener {
        private final int index;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private boolean ok;

        Answer(int index) {
            this.index = index;
        }

        @Override
        public void onHead(HttpResponse head) {
            ok = head.status().code() == 200;
        }

        @Override
        public void onContent(ByteBuf content) {
            int n = content.readableBytes();
            if (ok && body.size() + n <= MAX_BODY) {
                byte[] bytes = new byte[n];
                content.getBytes(content.readerIndex(), bytes);
                body.write(bytes, 0, n);
            } else {
                ok = false;
            }
        }

        @Override
        public void onEnd() {
            answered(index, ok ? body.toByteArray() : null,
                    ok ? null : new IllegalStateException("upstream " + upstreams.get(index).name() + " answered no list"));
        }

        @Override
        public void onReadComplete() {
        }

        @Override
        public void onFailure(String kind, Throwable cause) {
            answered(index, null, cause);
        }
    }
}
