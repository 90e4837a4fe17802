package io.stillwatch.sim.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.stillwatch.model.codec.Rfc3339;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads only {@code account} and {@code ts} from an exchange log (contract §1), skipping request
 * bodies without building them, so scoring a multi-million-line log takes seconds. A line without
 * the two fields fails with its line number.
 */
public final class LogScanner implements ExchangeSource {
    private static final JsonFactory JSON = new JsonFactory();
    private final Path path;

    public LogScanner(Path path) {
        this.path = path;
    }

    @Override
    public void forEach(Sink sink) throws IOException {
        try (InputStream raw = Files.newInputStream(path);
                InputStream in = path.toString().endsWith(".gz")
                        ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16);
                JsonParser p = JSON.createParser(in)) {
            long line = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                line++;
                if (t != JsonToken.START_OBJECT) {
                    throw malformed(line, "expected a JSON object");
                }
                String account = null;
                String ts = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if (name.equals("account") && v == JsonToken.VALUE_STRING) {
                        account = p.getText();
                    } else if (name.equals("ts") && v == JsonToken.VALUE_STRING) {
                        ts = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                if (account == null || ts == null) {
                    throw malformed(line, "missing 'account' or 'ts'");
                }
                long millis;
                try {
                    millis = Rfc3339.parse(ts).toEpochMilli();
                } catch (IllegalArgumentException e) {
                    throw malformed(line, e.getMessage());
                }
                sink.accept(account, millis);
            }
        } catch (JsonProcessingException e) {
            throw new IOException(path + ": bad JSON near line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private IOException malformed(long line, String what) {
        return new IOException(path + ":" + line + ": " + what);
    }

}
