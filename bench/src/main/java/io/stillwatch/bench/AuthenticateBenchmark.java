package io.stillwatch.bench;

import io.stillwatch.access.AuthResult;
import io.stillwatch.access.keys.ApiKeyFormat;
import io.stillwatch.access.keys.CachingAuthenticator;
import io.stillwatch.access.keys.KeyCredential;
import io.stillwatch.access.keys.KeyCredentialSource;
import io.stillwatch.access.keys.Pepper;
import io.stillwatch.access.keys.SecretHasher;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of {@link CachingAuthenticator#authenticate} on the data path: one HMAC-SHA256 of the
 * presented key, a hash-map lookup and a constant-time comparison, with {@code keys} keys cached.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuthenticateBenchmark {
    @Param({"100000"})
    int keys;

    private CachingAuthenticator auth;
    private String[] valid;
    private String[] unknown;
    private int i;

    @Setup
    public void setUp() {
        Random seeded = new Random(17);
        byte[] pepper = new byte[32];
        seeded.nextBytes(pepper);
        SecretHasher hasher = new SecretHasher(Pepper.of(pepper));
        ApiKeyFormat format = new ApiKeyFormat(new SecureRandom());
        List<KeyCredential> creds = new ArrayList<>();
        valid = new String[1024];
        unknown = new String[1024];
        for (int k = 0; k < keys; k++) {
            String id = format.newKeyId();
            String secret = format.newSecret(id).reveal();
            creds.add(new KeyCredential(id, "acct_" + k, hasher.hash(secret), null, null, null));
            if (k < valid.length) {
                valid[k] = secret;
                unknown[k] = format.newSecret(id).reveal();
            }
        }
        KeyCredentialSource source = since -> since == 0
                ? new KeyCredentialSource.Changes(creds, 1) : new KeyCredentialSource.Changes(List.of(), since);
        auth = CachingAuthenticator.start(source, hasher, Clock.systemUTC(), Duration.ofSeconds(1), Runnable::run);
    }

    @Benchmark
    public AuthResult validKey() {
        return auth.authenticate(valid[i++ & 1023]);
    }

    @Benchmark
    public AuthResult wrongSecret() {
        return auth.authenticate(unknown[i++ & 1023]);
    }
}
