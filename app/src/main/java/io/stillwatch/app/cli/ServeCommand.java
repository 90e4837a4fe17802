package io.stillwatch.app.cli;

import io.stillwatch.gateway.Gateway;
import io.stillwatch.gateway.GatewayConfig;
import io.stillwatch.gateway.GatewayConfigFile;
import io.stillwatch.gateway.Route;
import io.stillwatch.gateway.Upstream;
import io.stillwatch.store.EmbeddedStore;
import io.stillwatch.store.Store;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code stillwatch serve}: runs the gateway until interrupted (SIGINT/SIGTERM), then stops
 * accepting, flushes the exchange log and closes the store.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the gateway: an authenticated OpenAI- and Anthropic-compatible proxy that writes the "
                + "exchange log under DIR/exchanges/.",
            "Common case: stillwatch serve --port 8080 --upstream http://127.0.0.1:9000 --data ./data"})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "Data directory: the embedded store (accounts, keys) and exchanges/.")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "Gateway configuration (YAML, or JSON by suffix): "
            + "routes, upstreams, limits, privacy, exchange log. Flags below override it.")
    Path config;

    @Option(names = "--upstream", paramLabel = "URL",
            description = "Upstream base URL serving every model (a route '*' after any in --config).")
    URI upstream;

    @Option(names = "--upstream-credential-env", paramLabel = "VAR",
            description = "Environment variable holding the credential sent to --upstream (never logged).")
    String upstreamCredentialEnv;

    @Option(names = "--upstream-http2",
            description = "Speak HTTP/2 to --upstream (h2c prior knowledge for http://): many streams per connection.")
    boolean upstreamHttp2;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "P", description = "Client port (default: 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--admin-port", paramLabel = "P",
            description = "Port of /metrics and /healthz (default: 9090; -1 disables).")
    Integer adminPort;

    @Option(names = "--privacy", description = "Log a prompt fingerprint instead of the request body.")
    boolean privacy;

    @Option(names = "--trusted-proxy", paramLabel = "CIDR",
            description = "Peer network whose X-Forwarded-For is believed (repeatable).")
    List<String> trustedProxies = List.of();

    @Option(names = "--max-body-bytes", paramLabel = "N", description = "Largest request body (default: 4194304).")
    Integer maxBodyBytes;

    @Override
    public Integer call() throws Exception {
        GatewayConfig.Builder b = GatewayConfig.builder().dataDir(data);
        if (config != null) {
            GatewayConfigFile.apply(config, System::getenv, b);
        }
        if (upstream != null) {
            String credential = "";
            if (upstreamCredentialEnv != null) {
                credential = System.getenv(upstreamCredentialEnv);
                if (credential == null || credential.isBlank()) {
                    throw new IllegalArgumentException("--upstream-credential-env: environment variable "
                            + upstreamCredentialEnv + " is not set");
                }
            }
            b.route(new Route("*", Upstream.of("default", upstream, credential).withHttp2(upstreamHttp2)));
        } else if (config == null) {
            throw new IllegalArgumentException("no upstream: give --upstream URL or --config FILE");
        }
        if (host != null) {
            b.host(host);
        }
        if (port != null) {
            b.port(port);
        }
        if (adminPort != null) {
            b.adminPort(adminPort);
        }
        if (privacy) {
            b.privacy(true);
        }
        trustedProxies.forEach(b::trustedProxy);
        if (maxBodyBytes != null) {
            b.maxBodyBytes(maxBodyBytes);
        }
        GatewayConfig cfg = b.build();
        Store store = EmbeddedStore.open(data);
        Gateway gateway;
        try {
            gateway = Gateway.start(cfg, store.authenticator(), Clock.systemUTC());
        } catch (Exception e) {
            store.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            store.close();
            stopped.countDown();
        }, "stillwatch-shutdown"));
        var err = spec.commandLine().getErr();
        err.printf("stillwatch serve: listening on http://%s:%d (metrics: %s); exchange log in %s%n", cfg.host(),
                gateway.port(), gateway.adminPort() < 0 ? "off" : "http://" + cfg.host() + ":" + gateway.adminPort()
                        + "/metrics", cfg.exchangeLog().directory());
        err.flush();
        stopped.await();
        return 0;
    }
}
