package io.stillwatch.gateway;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which upstream serves which models. {@code model} is a glob: {@code *} matches any run of
 * characters, e.g. {@code gpt-*}, {@code claude-*} or {@code *}.
 */
public record Route(String model, Upstream upstream) {

    public Route {
        Objects.requireNonNull(upstream, "upstream");
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("route model: '" + model + "' (expected a model name or glob such as gpt-*)");
        }
    }

    /** The glob as a regular expression: each {@code *} becomes {@code .*}, everything else is literal. */
    Pattern pattern() {
        StringBuilder re = new StringBuilder();
        String[] parts = model.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            if (!parts[i].isEmpty()) {
                re.append(Pattern.quote(parts[i]));
            }
        }
        return Pattern.compile(re.toString());
    }
}
