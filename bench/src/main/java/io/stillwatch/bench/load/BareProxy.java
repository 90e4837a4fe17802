package io.stillwatch.bench.load;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The floor under the gateway in bench/load/run.sh: a reverse proxy on the same Vert.x stack and
 * settings as Stillwatch's gateway (native epoll, one server and one pooled keep-alive client per
 * event loop, as many event loops as CPUs, TCP_NODELAY, hop-by-hop headers dropped) that does none
 * of the gateway's own work: no authentication, no JSON parsing, no exchange log, no metrics, no
 * timers. What it costs per request is what Vert.x costs; the gateway cannot go below it without
 * leaving Vert.x. Loopback only.
 *
 * <p>Usage: {@code BareProxy --port PORT --upstream http://127.0.0.1:PORT}
 */
public final class BareProxy {
    private static final Set<String> HOP_BY_HOP = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        HOP_BY_HOP.addAll(Set.of("host", "content-length", "connection", "keep-alive", "transfer-encoding", "te",
                "trailer", "upgrade", "proxy-connection"));
    }

    private BareProxy() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !"--port".equals(args[0]) || !"--upstream".equals(args[2])) {
            System.err.println("usage: BareProxy --port PORT --upstream http://127.0.0.1:PORT");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        URI upstream = URI.create(args[3]);
        if (!"127.0.0.1".equals(upstream.getHost()) && !"localhost".equals(upstream.getHost())) {
            throw new IllegalArgumentException("--upstream: " + upstream + " (expected a loopback http:// URL)");
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        HttpServerOptions serverOptions = new HttpServerOptions().setHost("127.0.0.1").setTcpNoDelay(true)
                .setAcceptBacklog(8192).setCompressionSupported(false).setStrictThreadMode(true);
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                HttpClientAgent client = vertx.createHttpClient(
                        new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true).setDecompressionSupported(false),
                        new PoolOptions().setHttp1MaxSize(1024).setMaxWaitQueueSize(-1));
                return vertx.createHttpServer(serverOptions)
                        .requestHandler(req -> forward(req, client, upstream))
                        .listen(port);
            }
        }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().get();
        System.err.println("bare Vert.x proxy on 127.0.0.1:" + port + " -> " + upstream + ", " + loops
                + " event loop(s), " + (vertx.isNativeTransportEnabled() ? "epoll" : "NIO"));
    }

    private static void forward(HttpServerRequest req, HttpClientAgent client, URI upstream) {
        RequestOptions options = new RequestOptions().setMethod(req.method()).setHost(upstream.getHost())
                .setPort(upstream.getPort()).setURI(req.uri());
        for (Map.Entry<String, String> h : req.headers()) {
            if (!HOP_BY_HOP.contains(h.getKey())) {
                options.addHeader(h.getKey(), h.getValue());
            }
        }
        req.body()
                .compose(body -> client.request(options).compose(up -> up.send(body)))
                .compose(up -> up.body().map(body -> {
                    req.response().setStatusCode(up.statusCode());
                    String type = up.getHeader("content-type");
                    if (type != null) {
                        req.response().putHeader("content-type", type);
                    }
                    return body;
                }))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        req.response().end(ar.result());
                    } else {
                        req.response().setStatusCode(502).end();
                    }
                });
    }
}
