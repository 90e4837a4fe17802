package io.stillwatch.app.cli;

import io.stillwatch.gateway.Gateway;
import io.stillwatch.gateway.GatewayConfig;
import io.stillwatch.gateway.Route;
import io.stillwatch.gateway.Upstream;
import io.stillwatch.gateway.mock.MockUpstream;
import io.stillwatch.model.AccountRecord;
import io.stillwatch.model.ExchangeRecord;
import io.stillwatch.model.Kyc;
import io.stillwatch.model.codec.ContractFiles;
import io.stillwatch.model.codec.JsonLinesReader.OnMalformed;
import io.stillwatch.store.EmbeddedStore;
import io.stillwatch.store.IssuedKey;
import io.stillwatch.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The gateway part of {@code stillwatch demo}: a mock model server, the embedded store with one
 * account and key, and the gateway in front, all on loopback ports chosen by the system; then a few
 * calls as clients make them (plain, streamed, both APIs, a bad key, a malformed body) and the
 * exchange log they produced, read back through the contract reader.
 */
final class GatewayTour {
    private static final String OPENAI = "/v1/chat/completions";
    private static final String ANTHROPIC = "/v1/messages";

    private record Call(String what, String path, boolean anthropic, boolean goodKey, String body) {
    }

    private GatewayTour() {
    }

    static void run(Path dataDir, PrintWriter out, PrintWriter err) throws Exception {
        Files.createDirectories(dataDir);
        clearOldLog(dataDir.resolve("exchanges"));
        try (MockUpstream mock = MockUpstream.start(MockUpstream.Options.defaults(0));
             Store store = EmbeddedStore.open(dataDir)) {
            store.upsertAccounts(List.of(new AccountRecord("acct_demo", Instant.now(), "org_demo",
                    "dev@example.com", null, "127.0.0.1", "DE", List.of(), Kyc.BASIC, "pro")));
            IssuedKey key = store.createKey("acct_demo", "demo");
            GatewayConfig config = GatewayConfig.builder().dataDir(dataDir).port(0).adminPort(-1)
                    .route(new Route("*", Upstream.of("mock", URI.create("http://127.0.0.1:" + mock.port()), "")))
                    .build();
            List<String> lines = new ArrayList<>();
            try (Gateway gateway = Gateway.start(config, store.authenticator(), Clock.systemUTC())) {
                err.println("demo: gateway on http://127.0.0.1:" + gateway.port() + " in front of a mock model on port "
                        + mock.port() + "; data in " + dataDir);
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                for (Call c : calls()) {
                    String secret = c.goodKey() ? key.secret().reveal() : "sw-not-a-real-key";
                    HttpRequest.Builder req = HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + gateway.port() + c.path()))
                            .timeout(Duration.ofSeconds(30))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(c.body()));
                    if (c.anthropic()) {
                        req.header("x-api-key", secret).header("anthropic-version", "2023-06-01");
                    } else {
                        req.header("authorization", "Bearer " + secret);
                    }
                    HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                    lines.add(String.format("  %-34s %3d  %s", c.what(), resp.statusCode(), summary(resp.body())));
                }
                gateway.exchangeLog().flush(Duration.ofSeconds(10));
            }
            out.println("=== gateway: calls through Stillwatch (status, first bytes of the answer)");
            lines.forEach(out::println);
            out.println();
            out.println("=== gateway: exchange log " + dataDir.resolve("exchanges"));
            for (ExchangeRecord x : readLog(dataDir.resolve("exchanges"))) {
                out.printf("  %s %-24s %-9s stream=%-5s status=%d action=%s usage(in=%d,out=%d)%n", x.account(),
                        x.api(), x.key().substring(0, Math.min(9, x.key().length())), x.stream(), x.status(),
                        x.action() == null ? "-" : x.action().wire(), x.usageOrNone().inputOrZero(),
                        x.usageOrNone().outputOrZero());
            }
            out.println();
        }
    }

    /** The tour shows the log of this run only. */
    private static void clearOldLog(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static List<Call> calls() {
        String openai = "{\"model\":\"gpt-demo\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
        String openaiStream = "{\"model\":\"gpt-demo\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Count to five\"}]}";
        String anthropic = "{\"model\":\"claude-demo\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Say hello\"}]}";
        return List.of(
                new Call("OpenAI chat completion", OPENAI, false, true, openai),
                new Call("OpenAI chat completion, streamed", OPENAI, false, true, openaiStream),
                new Call("Anthropic message", ANTHROPIC, true, true, anthropic),
                new Call("Anthropic message, unknown key", ANTHROPIC, true, false, anthropic),
                new Call("OpenAI, malformed JSON body", OPENAI, false, true, "{\"model\": \"gpt-demo\", "));
    }

    private static String summary(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 90 ? oneLine.substring(0, 90) + "..." : oneLine;
    }

    private static List<ExchangeRecord> readLog(Path dir) throws Exception {
        List<ExchangeRecord> all = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl") || p.toString().endsWith(".jsonl.gz")).sorted().toList();
        }
        for (Path f : files) {
            try (var r = ContractFiles.readExchanges(f, OnMalformed.STOP)) {
                ExchangeRecord x;
                while ((x = r.next()) != null) {
                    all.add(x);
                }
            }
        }
        return all;
    }
}
