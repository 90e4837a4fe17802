package io.stillwatch.app.cli;

import io.stillwatch.gateway.mock.MockUpstream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stillwatch mock-upstream}: a deterministic OpenAI- and Anthropic-compatible model server, until interrupted. */
@Command(name = "mock-upstream", mixinStandardHelpOptions = true,
        description = {"Run a deterministic OpenAI- and Anthropic-compatible model server for tests, the demo and "
                + "benchmarks.",
            "Faults on demand with the request header x-mock-fault: status=CODE, slow-first-byte=MS, "
                + "disconnect-after=N, stall-after=N (comma-separated)."})
public final class MockUpstreamCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", paramLabel = "P", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = 9000;

    @Option(names = "--tokens-per-second", paramLabel = "N",
            description = "Stream pace, one token per event (default: ${DEFAULT-VALUE}; 0 = as fast as possible).")
    double tokensPerSecond = 50;

    @Option(names = "--tokens", paramLabel = "N", description = "Answer length in tokens (default: ${DEFAULT-VALUE}).")
    int tokens = 24;

    @Option(names = "--require-key-env", paramLabel = "VAR",
            description = "Only accept requests whose credential equals this environment variable's value.")
    String requireKeyEnv;

    @Override
    public Integer call() throws Exception {
        String required = null;
        if (requireKeyEnv != null) {
            required = System.getenv(requireKeyEnv);
            if (required == null || required.isBlank()) {
                throw new IllegalArgumentException("--require-key-env: environment variable " + requireKeyEnv
                        + " is not set");
            }
        }
        MockUpstream mock = MockUpstream.start(new MockUpstream.Options(host, port, tokensPerSecond, tokens, required));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mock.close();
            stopped.countDown();
        }, "mock-upstream-shutdown"));
        spec.commandLine().getErr().printf("stillwatch mock-upstream: listening on http://%s:%d (%s tokens/s, %d tokens)%n",
                host, mock.port(), tokensPerSecond == 0 ? "unpaced" : Double.toString(tokensPerSecond), tokens);
        spec.commandLine().getErr().flush();
        stopped.await();
        return 0;
    }
}
